using Platform.NotificationService;
using Platform.Testing;

namespace Platform.NotificationService.Tests;

public sealed class NotificationSkeletonTests(PlatformContainers containers)
    : ServiceSkeletonTests<Program>(containers, ServiceInfo.Descriptor)
{
    protected override void ShouldHaveHealthBody(HealthResponse health, string expected) => ConsumerHealthBody.ShouldMatch(health, expected);
}
