using Platform.Testing;

namespace Platform.AuthService.Tests;

[Trait("Category", "Integration")]
public sealed class CharsetTests(PlatformContainers containers)
{
    [Theory]
    [InlineData("/auth/register")]
    [InlineData("/auth/login")]
    public async Task CredentialsWithAnUnsupportedCharsetAre415(string path)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await AuthHost.StartAsync(containers, ct);
        using var client = host.CreateClient();

        await UnsupportedCharset.ShouldBe415Async(client, HttpMethod.Post, path, """{"email":"a@example.com","password":"a fine password"}""", ct);
    }
}
