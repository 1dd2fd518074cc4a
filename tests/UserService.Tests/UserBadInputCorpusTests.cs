using AwesomeAssertions;
using Platform.Testing;
using Platform.Testing.BadInput;
using Platform.Testing.Tokens;

namespace Platform.UserService.Tests;

[Trait("Category", "Integration")]
public sealed class UserBadInputCorpusTests(PlatformContainers containers)
{
    private static readonly Dictionary<string, CorpusEndpoint> Endpoints = new()
    {
        ["get profile"] = new("GET", "/users/me", null, 30_000_000, SignedIn()),
        ["put profile"] = new("PUT", "/users/me", """{"displayName":"Ada Lovelace"}""", Profiles.ProfilesApi.MaxBodyBytes, SignedIn()),
    };

    public static TheoryData<string> EndpointNames => [.. Endpoints.Keys];

    [Theory]
    [MemberData(nameof(EndpointNames))]
    public async Task EndpointAnswersEveryBadInputWithoutA5xxAndEvery4xxIsAProblem(string endpoint)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await UserHost.StartAsync(containers, ct, "Production");
        using var client = host.App.CreateClient();

        await CorpusAssertions.ShouldRefuseEveryBadInputAsync(CorpusAssertions.Address(client), Endpoints[endpoint], ct);
    }

    [Fact]
    public void GatewayRefusesBodiesAtTheSameLimitAsTheService() =>
        GatewayRouteLimit.Of("user-service").Should().Be(Profiles.ProfilesApi.MaxBodyBytes, "the gateway answers the service's 413 itself (docs/design/gateway-refusals.md)");

    private static Dictionary<string, string> SignedIn() => new() { ["Authorization"] = "Bearer " + TestJwt.Issue(Guid.NewGuid()) };
}
