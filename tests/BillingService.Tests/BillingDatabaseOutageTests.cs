using Platform.BillingService;
using Platform.Testing;

namespace Platform.BillingService.Tests;

public sealed class BillingDatabaseOutageTests(PlatformContainers containers, DedicatedPostgres postgres)
    : DatabaseOutageTests<Program>(containers, postgres, ServiceInfo.Descriptor);
