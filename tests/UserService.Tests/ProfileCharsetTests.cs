using Platform.Testing;

namespace Platform.UserService.Tests;

[Trait("Category", "Integration")]
public sealed class ProfileCharsetTests(PlatformContainers containers)
{
    [Fact]
    public async Task PutWithAnUnsupportedCharsetIs415()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await UserHost.StartAsync(containers, ct, "Production");
        using var client = host.Client(Guid.NewGuid());

        await UnsupportedCharset.ShouldBe415Async(client, HttpMethod.Put, "/users/me", """{"displayName":"Ada"}""", ct);
    }
}
