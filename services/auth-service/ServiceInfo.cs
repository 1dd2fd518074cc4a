using Platform.ServiceDefaults;

namespace Platform.AuthService;

public static class ServiceInfo
{
    /// <summary>auth-service: routes under /auth (the ALB does not strip it), schema auth.</summary>
    public static readonly PlatformService Descriptor = new("auth-service", "/auth", "auth", typeof(ServiceInfo).Assembly);
}
