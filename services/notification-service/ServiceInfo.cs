using Platform.ServiceDefaults;

namespace Platform.NotificationService;

public static class ServiceInfo
{
    /// <summary>notification-service: routes under /notify (the ALB does not strip it), schema notify.</summary>
    public static readonly PlatformService Descriptor = new("notification-service", "/notify", "notify", typeof(ServiceInfo).Assembly);
}
