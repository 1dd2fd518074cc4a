using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AwesomeAssertions;
using Microsoft.Extensions.DependencyInjection;
using Platform.AuthService.Passwords;
using Platform.AuthService.Throttling;
using Platform.Testing;

namespace Platform.AuthService.Tests;

[Trait("Category", "Integration")]
public sealed class RegistrationThrottleTests(PlatformContainers containers)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RegistrationsPastTheAddressLimitAre429WithRetryAfterAndCreateNothing()
    {
        // Given a limit of three registrations per address
        await using var host = await AuthHost.StartAsync(
            containers, Ct, services: s => s.Configure<RegistrationThrottleOptions>(o => o.AddressLimit = 3));
        using var client = host.CreateClient();
        const string client1 = "203.0.113.9";

        // When one address registers four times (the spoofable first entries of X-Forwarded-For do not help)
        for (var i = 0; i < 3; i++)
        {
            using var accepted = await RegisterFromAsync(client, $"user{i}@example.com", $"10.9.9.{i}, {client1}");
            accepted.StatusCode.Should().Be(HttpStatusCode.Accepted, $"registration {i} is within the limit");
        }

        using var fourth = await RegisterFromAsync(client, "user3@example.com", $"10.9.9.99, {client1}");
        using var elsewhere = await RegisterFromAsync(client, "user4@example.com", "198.51.100.77");

        // Then the fourth is refused, another address is not, and the refused one created no account
        fourth.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        fourth.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        fourth.Headers.RetryAfter!.Delta!.Value.TotalSeconds.Should().BeInRange(1, 15 * 60);
        elsewhere.StatusCode.Should().Be(HttpStatusCode.Accepted);
        (await host.ScalarAsync("SELECT count(*) FROM auth.users WHERE email = 'user3@example.com'")).Should().Be(0);
        (await host.ScalarAsync("SELECT count(*) FROM auth.users")).Should().Be(4);
    }

    [Fact]
    public async Task RegisterAndLoginPastTheHashingLineAre503WithRetryAfterInsteadOfQueueing()
    {
        // Given one hashing slot and one place in line, and hashes slow enough that a burst overlaps
        await using var host = await AuthHost.StartAsync(
            containers,
            Ct,
            throttle: t => (t.AccountLimit, t.AddressLimit) = (100, 100),
            services: s => s.Configure<PasswordHasherOptions>(o =>
            {
                o.MaxConcurrentHashes = 1;
                o.MaxWaitingHashes = 1;
                o.Parameters = new Argon2idParameters(65536, 6, 1);
            }));
        using var client = host.CreateClient();
        var failedSignIns = 0;

        foreach (var path in new[] { "/auth/register", "/auth/login" })
        {
            // When eight clients at once register (or sign in)
            var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(async i =>
            {
                // Sign-ins use a wrong password: whichever burst registrations got through, a checked sign-in is a 401.
                var password = path.EndsWith("login", StringComparison.Ordinal) ? "not the burst password" : "burst password 1";
                using var request = AuthHost.Post(path, new { email = $"burst{i}@example.com", password }, $"198.51.100.{i}");
                return await client.SendAsync(request, Ct);
            }));

            // Then some are refused with 503 and Retry-After, and the others complete as usual
            var statuses = responses.Select(r => (int)r.StatusCode).ToList();
            TestContext.Current.TestOutputHelper?.WriteLine($"FIGURE {path} burst of 8 on one slot: " + string.Join(", ", statuses.GroupBy(s => s).OrderBy(g => g.Key).Select(g => $"{g.Key} x{g.Count()}")));
            var expected = path.EndsWith("register", StringComparison.Ordinal) ? 202 : 401;
            statuses.Should().OnlyContain(s => s == expected || s == 503, path);
            statuses.Should().Contain(503, path);
            foreach (var busy in responses.Where(r => r.StatusCode == HttpStatusCode.ServiceUnavailable))
            {
                busy.Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromSeconds(1));
                busy.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
                (await busy.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("status").GetInt32().Should().Be(503);
            }

            failedSignIns += path.EndsWith("login", StringComparison.Ordinal) ? statuses.Count(s => s == 401) : 0;
            foreach (var response in responses)
            {
                response.Dispose();
            }
        }

        // A sign-in refused for load never had its password checked: it does not count against the account or address.
        (await host.ScalarAsync("SELECT count(*) FROM auth.login_failures WHERE scope IN ('account', 'address')")).Should().Be(2 * failedSignIns);
    }

    private static async Task<HttpResponseMessage> RegisterFromAsync(HttpClient client, string email, string forwardedFor)
    {
        using var request = AuthHost.Post("/auth/register", new { email, password = "a fine password" }, forwardedFor);
        return await client.SendAsync(request, Ct);
    }
}
