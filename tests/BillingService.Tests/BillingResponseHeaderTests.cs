using Platform.Testing;

namespace Platform.BillingService.Tests;

public sealed class BillingResponseHeaderTests(PlatformContainers containers)
    : ResponseHeaderTests<Program>(containers, ServiceInfo.Descriptor);
