using AwesomeAssertions;
using Platform.Testing;
using Platform.Testing.BadInput;

namespace Platform.AuthService.Tests;

[Trait("Category", "Integration")]
public sealed class AuthBadInputCorpusTests(PlatformContainers containers)
{
    private const string Credentials = """{"email":"corpus@example.com","password":"a fine password"}""";

    private static readonly Dictionary<string, CorpusEndpoint> Endpoints = new()
    {
        ["register"] = new("POST", "/auth/register", Credentials, Accounts.AccountsApi.MaxBodyBytes, new Dictionary<string, string>()),
        ["login"] = new("POST", "/auth/login", Credentials, Accounts.AccountsApi.MaxBodyBytes, new Dictionary<string, string>()),
        ["jwks"] = new("GET", "/auth/.well-known/jwks.json", null, 30_000_000, new Dictionary<string, string>()),
    };

    public static TheoryData<string> EndpointNames => [.. Endpoints.Keys];

    [Theory]
    [MemberData(nameof(EndpointNames))]
    public async Task EndpointAnswersEveryBadInputWithoutA5xxAndEvery4xxIsAProblem(string endpoint)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await AuthHost.StartAsync(containers, ct, t => (t.AccountLimit, t.AddressLimit) = (1000, 1000), kestrel: true);
        using var client = host.CreateClient();

        await CorpusAssertions.ShouldRefuseEveryBadInputAsync(CorpusAssertions.Address(client), Endpoints[endpoint], ct);
    }

    [Fact]
    public void GatewayRefusesBodiesAtTheSameLimitAsTheService() =>
        GatewayRouteLimit.Of("auth-service").Should().Be(Accounts.AccountsApi.MaxBodyBytes, "the gateway answers the service's 413 itself (docs/design/gateway-refusals.md)");
}
