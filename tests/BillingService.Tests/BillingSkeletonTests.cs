using Platform.BillingService;
using Platform.Testing;

namespace Platform.BillingService.Tests;

public sealed class BillingSkeletonTests(PlatformContainers containers)
    : ServiceSkeletonTests<Program>(containers, ServiceInfo.Descriptor);
