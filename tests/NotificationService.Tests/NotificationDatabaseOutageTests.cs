using Platform.NotificationService;
using Platform.Testing;

namespace Platform.NotificationService.Tests;

public sealed class NotificationDatabaseOutageTests(PlatformContainers containers, DedicatedPostgres postgres)
    : DatabaseOutageTests<Program>(containers, postgres, ServiceInfo.Descriptor)
{
    protected override void ShouldHaveHealthBody(HealthResponse health, string expected) => ConsumerHealthBody.ShouldMatch(health, expected);
}
