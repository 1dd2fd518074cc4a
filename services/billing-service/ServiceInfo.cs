using Platform.ServiceDefaults;

namespace Platform.BillingService;

public static class ServiceInfo
{
    /// <summary>billing-service: routes under /billing (the ALB does not strip it), schema billing.</summary>
    public static readonly PlatformService Descriptor = new("billing-service", "/billing", "billing", typeof(ServiceInfo).Assembly);
}
