using System.Net;
using AwesomeAssertions;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Platform.Testing.Tokens;

/// <summary>
/// The token matrix (issue 4) on every protected endpoint of a service: each bad token, and no token, is a 401 problem
/// document with a Bearer challenge; the same requests with a valid token are not. A service's test project derives
/// one class and lists its endpoints. The cases share one service: they only send requests, and a service start per case
/// was most of what the matrix cost.
/// </summary>
[Trait("Category", "Integration")]
public abstract class TokenMatrixTests<TProgram>(PlatformContainers containers, SharedHosts<ServiceFactory<TProgram>> services)
    : IClassFixture<SharedHosts<ServiceFactory<TProgram>>>, IAsyncLifetime
    where TProgram : class
{
    private ServiceFactory<TProgram>? _app;

    /// <summary>Every endpoint that requires a signed-in user.</summary>
    protected abstract IReadOnlyList<ProtectedEndpoint> Endpoints { get; }

    private WebApplicationFactory<TProgram> App => _app ?? throw new InvalidOperationException("not started");

    public async ValueTask InitializeAsync() => _app = await services.GetAsync("tokens", async () =>
    {
        var queueUrl = await containers.CreateQueueAsync("tokens", TestContext.Current.CancellationToken);
        return new ServiceFactory<TProgram>(ServiceSettings.For(containers, queueUrl));
    });

    [Theory]
    [MemberData(nameof(TestJwt.InvalidTokenNames), MemberType = typeof(TestJwt))]
    public async Task An_invalid_token_is_401_on_every_protected_endpoint(string tokenName)
    {
        var user = Guid.NewGuid();
        var token = TestJwt.InvalidTokens(user).Single(t => t.Name == tokenName).Token;
        using var client = App.CreateClient();
        foreach (var endpoint in Endpoints)
        {
            using var response = await client.SendAsync(endpoint.Request(token), TestContext.Current.CancellationToken);
            response.StatusCode.Should().Be(HttpStatusCode.Unauthorized, $"{endpoint} with a token that is '{tokenName}'");
            response.Content.Headers.ContentType?.MediaType.Should().Be("application/problem+json", $"{endpoint}");
            response.Headers.WwwAuthenticate.ToString().Should().StartWith("Bearer error=\"invalid_token\"", $"{endpoint}");
        }
    }

    [Fact]
    public async Task No_token_is_401_with_a_bearer_challenge_on_every_protected_endpoint()
    {
        using var client = App.CreateClient();
        foreach (var endpoint in Endpoints)
        {
            using var response = await client.SendAsync(endpoint.Request(token: null), TestContext.Current.CancellationToken);
            response.StatusCode.Should().Be(HttpStatusCode.Unauthorized, $"{endpoint}");
            response.Headers.WwwAuthenticate.ToString().Should().Be("Bearer", $"{endpoint}");
        }
    }

    [Fact]
    public async Task A_valid_token_passes_every_protected_endpoint()
    {
        // The other tests' control: the same requests get past sign-in with a good token.
        using var client = App.CreateClient();
        foreach (var endpoint in Endpoints)
        {
            using var response = await client.SendAsync(endpoint.Request(TestJwt.Issue(Guid.NewGuid())), TestContext.Current.CancellationToken);
            ((int)response.StatusCode).Should().BeInRange(200, 499, $"{endpoint}").And.NotBe(401, $"{endpoint}");
        }
    }

    [Fact]
    public async Task Every_protected_endpoint_answers_no_store_and_nosniff_with_a_token_or_without()
    {
        // A user's data, or the refusal to show it, must not be kept by a shared cache or the browser's history.
        using var client = App.CreateClient();
        foreach (var endpoint in Endpoints)
        {
            foreach (var token in new[] { TestJwt.Issue(Guid.NewGuid()), null })
            {
                using var response = await client.SendAsync(endpoint.Request(token), TestContext.Current.CancellationToken);
                response.Headers.CacheControl.Should().NotBeNull($"{endpoint}");
                response.Headers.CacheControl!.NoStore.Should().BeTrue($"{endpoint} {(token is null ? "without" : "with")} a token");
                response.Headers.GetValues("X-Content-Type-Options").Should().Equal(["nosniff"], $"{endpoint}");
            }
        }
    }

    // The shared service goes with the class fixture.
    public ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }
}
