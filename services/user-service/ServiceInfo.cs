using Platform.ServiceDefaults;

namespace Platform.UserService;

public static class ServiceInfo
{
    /// <summary>user-service: routes under /users (the ALB does not strip it), schema users.</summary>
    public static readonly PlatformService Descriptor = new("user-service", "/users", "users", typeof(ServiceInfo).Assembly);
}
