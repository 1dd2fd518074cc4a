using Platform.Testing;
using Platform.Testing.Tokens;

namespace Platform.NotificationService.Tests;

public sealed class NotifyTokenMatrixTests(PlatformContainers containers, SharedHosts<ServiceFactory<Program>> services)
    : TokenMatrixTests<Program>(containers, services)
{
    protected override IReadOnlyList<ProtectedEndpoint> Endpoints { get; } = [new("GET", "/notify/notifications")];
}
