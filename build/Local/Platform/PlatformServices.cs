namespace Platform.Build.Local.Platform;

/// <summary>A service of the platform and the path prefix the load balancer routes to it.</summary>
public sealed record PlatformService(string Name, string Prefix)
{
    public string HealthPath => Prefix + "/health";

    public string LivePath => Prefix + "/health/live";
}

public static class PlatformServices
{
    public static readonly IReadOnlyList<PlatformService> All =
    [
        new("auth-service", "/auth"),
        new("user-service", "/users"),
        new("billing-service", "/billing"),
        new("notification-service", "/notify"),
    ];
}
