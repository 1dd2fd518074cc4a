using Platform.Testing;
using Platform.Testing.Tokens;

namespace Platform.UserService.Tests;

public sealed class UserTokenMatrixTests(PlatformContainers containers, SharedHosts<ServiceFactory<Program>> services)
    : TokenMatrixTests<Program>(containers, services)
{
    protected override IReadOnlyList<ProtectedEndpoint> Endpoints { get; } =
    [
        new("GET", "/users/me"),
        new("PUT", "/users/me", """{"displayName":"token matrix"}"""),
    ];
}
