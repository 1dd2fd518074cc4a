using Platform.Testing;
using Platform.Testing.Tokens;

namespace Platform.NotificationService.Tests;

public sealed class NotifyTokenMatrixTests(PlatformContainers containers) : TokenMatrixTests<Program>(containers)
{
    protected override IReadOnlyList<ProtectedEndpoint> Endpoints { get; } = [new("GET", "/notify/notifications")];
}
