using System.Net;
using System.Security.Cryptography;
using AwesomeAssertions;
using Platform.ServiceDefaults.Configuration;
using Platform.Testing;
using Platform.Testing.Tokens;

namespace Platform.BillingService.Tests;

/// <summary>
/// How a service gets auth's public keys (Platform.ServiceDefaults' JwksKeyCache), seen from outside: fetched once and
/// cached, re-fetched when a token names a new key id (a rotation works on its first request), and not re-fetched for
/// every made-up key id. Each test has its own JWKS server so the fetch counts are its own.
/// </summary>
[Trait("Category", "Integration")]
public sealed class SigningKeyTests(PlatformContainers containers)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Keys_are_fetched_once_and_cached_across_requests()
    {
        await using var jwks = await JwksServer.StartAsync();
        await using var app = await StartAsync(jwks);
        using var client = app.CreateClientFor(Guid.NewGuid());

        for (var i = 0; i < 5; i++)
        {
            (await client.GetAsync("/billing/invoices", Ct)).StatusCode.Should().Be(HttpStatusCode.OK);
        }

        jwks.Requests.Should().Be(1);
    }

    [Fact]
    public async Task A_token_signed_with_a_newly_published_key_is_accepted_on_its_first_request()
    {
        await using var jwks = await JwksServer.StartAsync();
        await using var app = await StartAsync(jwks);
        using var client = app.CreateClient();
        using var rotated = RSA.Create(2048);
        var token = TestJwt.Issue(Guid.NewGuid(), rotated, "rotated-key-2");

        (await GetInvoicesAsync(client, TestJwt.Issue(Guid.NewGuid()))).Should().Be(HttpStatusCode.OK);
        (await GetInvoicesAsync(client, token)).Should().Be(HttpStatusCode.Unauthorized, "auth has not published the key yet");
        // The refresh for an unknown kid is rate-limited (5 s by default): wait it out, as a real rotation would.
        await Task.Delay(TimeSpan.FromSeconds(5.5), Ct);
        jwks.Publish("rotated-key-2", rotated);

        (await GetInvoicesAsync(client, token)).Should().Be(HttpStatusCode.OK);
        jwks.Requests.Should().Be(2, "the first fetch, and the refresh that found the new kid (the one inside the 5 s window was skipped)");
    }

    [Fact]
    public async Task Tokens_with_made_up_key_ids_do_not_refetch_the_keys_on_every_request()
    {
        await using var jwks = await JwksServer.StartAsync();
        await using var app = await StartAsync(jwks);
        using var client = app.CreateClient();
        using var attacker = RSA.Create(2048);

        for (var i = 0; i < 20; i++)
        {
            (await GetInvoicesAsync(client, TestJwt.Issue(Guid.NewGuid(), attacker, $"made-up-{i}"))).Should().Be(HttpStatusCode.Unauthorized);
        }

        jwks.Requests.Should().BeLessThanOrEqualTo(2, "one fetch, and at most one more refresh inside the 5 s window");
    }

    private async Task<ServiceFactory<Program>> StartAsync(JwksServer jwks)
    {
        var settings = ServiceSettings.For(containers, await containers.CreateQueueAsync("keys", Ct));
        settings[EnvironmentVariables.AuthJwksUrl] = jwks.Url;
        return new ServiceFactory<Program>(settings);
    }

    private static async Task<HttpStatusCode> GetInvoicesAsync(HttpClient client, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/billing/invoices");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        using var response = await client.SendAsync(request, Ct);
        return response.StatusCode;
    }
}
