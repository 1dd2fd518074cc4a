using System.Text.Json;

namespace Platform.Testing.BadInput;

/// <summary>The body limit the local gateway applies to a service's route (services/local-gateway/appsettings.json).</summary>
public static class GatewayRouteLimit
{
    public static long? Of(string service)
    {
        using var settings = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryRoot(), "services", "local-gateway", "appsettings.json")));
        var route = settings.RootElement.GetProperty("Gateway").GetProperty("Routes").EnumerateArray()
            .Single(r => r.GetProperty("Service").GetString() == service);
        return route.TryGetProperty("MaxRequestBodyBytes", out var limit) ? limit.GetInt64() : null;
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Platform.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Platform.slnx not found above " + AppContext.BaseDirectory);
    }
}
