using Platform.Testing;
using Platform.Testing.Tokens;

namespace Platform.UserService.Tests;

public sealed class UserTokenMatrixTests(PlatformContainers containers) : TokenMatrixTests<Program>(containers)
{
    protected override IReadOnlyList<ProtectedEndpoint> Endpoints { get; } =
    [
        new("GET", "/users/me"),
        new("PUT", "/users/me", """{"displayName":"token matrix"}"""),
    ];
}
