using System.Net;
using System.Text.Json;
using AwesomeAssertions;
using Npgsql;
using Platform.AuthService.Passwords;
using Platform.Testing;

namespace Platform.AuthService.Tests;

[Trait("Category", "Integration")]
public sealed class RegistrationTests(PlatformContainers containers)
{
    private const string Accepted = """{"message":"Registration accepted. Sign in with your email and password."}""";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Register_stores_an_argon2id_hash_and_publishes_user_registered_with_the_normalised_email()
    {
        // The production cost, which the stored string must name.
        await using var host = await AuthHost.StartAsync(containers, Ct, passwordCost: Argon2idParameters.Default);
        using var client = host.CreateClient();

        using var response = await host.RegisterAsync(client, "  Alice@Example.COM ", "correct horse battery staple", Ct);

        response.StatusCode.Should().Be(HttpStatusCode.Accepted);
        (await response.Content.ReadAsStringAsync(Ct)).Should().Be(Accepted);
        response.Headers.Location.Should().BeNull();
        var (id, email, hash) = await SingleUserAsync(host);
        email.Should().Be("alice@example.com");
        hash.Should().MatchRegex(@"^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$", "16-byte salt, 32-byte tag, unpadded base64");
        hash.Should().NotContain("correct horse");

        using var sqs = containers.CreateSqsClient();
        var events = await QueueReader.ReceiveAsync(sqs, host.QueueUrl, 1, TimeSpan.FromSeconds(20), Ct);
        var registered = events.Should().ContainSingle().Subject;
        registered.GetProperty("type").GetString().Should().Be("user.registered");
        Guid.TryParse(registered.GetProperty("id").GetString(), out _).Should().BeTrue();
        var data = registered.GetProperty("data");
        data.GetProperty("userId").GetGuid().Should().Be(id);
        data.GetProperty("email").GetString().Should().Be("alice@example.com");
        data.EnumerateObject().Select(p => p.Name).Should().BeEquivalentTo("userId", "email");
        // The publisher marks the row after SQS accepted it, so the message can arrive a moment before the mark.
        (await Eventually.TrueWithinAsync(async () => await host.ScalarAsync("SELECT count(*) FROM auth.outbox WHERE sent_at IS NULL") == 0, TimeSpan.FromSeconds(10), Ct))
            .Should().BeTrue("the sent row is marked sent");
    }

    [Fact]
    public async Task Registering_a_taken_email_gets_the_same_response_and_changes_nothing()
    {
        await using var host = await AuthHost.StartAsync(containers, Ct);
        using var client = host.CreateClient();
        using var first = await host.RegisterAsync(client, "bob@example.com", "first password 1", Ct);
        var before = await SingleUserAsync(host);

        // The same address in another spelling, with another password.
        using var second = await host.RegisterAsync(client, "BOB@example.com", "second password 2", Ct);

        second.StatusCode.Should().Be(first.StatusCode).And.Be(HttpStatusCode.Accepted);
        (await second.Content.ReadAsByteArrayAsync(Ct)).Should().Equal(await first.Content.ReadAsByteArrayAsync(Ct));
        second.Content.Headers.ContentType!.ToString().Should().Be(first.Content.Headers.ContentType!.ToString());
        HeaderNames(second).Should().BeEquivalentTo(HeaderNames(first));
        (await SingleUserAsync(host)).Should().Be(before, "the first password stays");
        (await host.ScalarAsync("SELECT count(*) FROM auth.outbox")).Should().Be(1, "one user.registered, for the first registration");
        using var login = await host.LoginAsync(client, "bob@example.com", "first password 1", Ct);
        login.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Registering_a_taken_email_takes_about_as_long_as_a_new_one()
    {
        // Skipping the hash for a taken email would answer in ~1 ms instead of one Argon2id run (tens of ms): that
        // difference is what this catches; the bound is loose because the CI machine is shared.
        await using var host = await AuthHost.StartAsync(containers, Ct, passwordCost: Argon2idParameters.Default);
        using var client = host.CreateClient();
        await host.RegisterAccountAsync(client, "taken@example.com", "warm-up password", Ct);
        var fresh = new List<double>();
        var taken = new List<double>();
        for (var i = 0; i < 5; i++)
        {
            fresh.Add(await TimeAsync(() => host.RegisterAsync(client, $"new{i}@example.com", "some password 1", Ct)));
            taken.Add(await TimeAsync(() => host.RegisterAsync(client, "taken@example.com", "some password 1", Ct)));
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"FIGURE register median ms: new {Median(fresh):F1}, taken {Median(taken):F1}");
        Median(taken).Should().BeGreaterThan(Median(fresh) * 0.25);
    }

    [Fact]
    public async Task Concurrent_registrations_of_one_email_create_one_account_and_identical_responses()
    {
        const int n = 8;
        await using var host = await AuthHost.StartAsync(containers, Ct, settings: ServiceSettings.PatientDatabase);
        using var client = host.CreateClient();
        await host.RegisterAccountAsync(client, "warm-up@example.com", "warm-up password", Ct);

        var responses = await Task.WhenAll(Enumerable.Range(0, n).Select(i => host.RegisterAsync(client, "carol@example.com", $"password number {i}", Ct)));

        responses.Select(r => r.StatusCode).Should().AllBeEquivalentTo(HttpStatusCode.Accepted);
        var bodies = await Task.WhenAll(responses.Select(r => r.Content.ReadAsStringAsync(Ct)));
        bodies.Distinct().Should().Equal(Accepted);
        (await host.ScalarAsync("SELECT count(*) FROM auth.users WHERE email = 'carol@example.com'")).Should().Be(1);
        (await host.ScalarAsync("SELECT count(*) FROM auth.outbox WHERE body LIKE '%carol@example.com%'")).Should().Be(1);
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task OpenApi_document_lists_the_auth_routes()
    {
        await using var host = await AuthHost.StartAsync(containers, Ct);
        using var client = host.CreateClient();

        var document = JsonDocument.Parse(await client.GetStringAsync(new Uri("/auth/openapi/v1.json", UriKind.Relative), Ct)).RootElement;

        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        paths.Should().Contain(["/auth/register", "/auth/login", "/auth/.well-known/jwks.json"]);
    }

    private static async Task<(Guid Id, string Email, string Hash)> SingleUserAsync(AuthHost host)
    {
        await using var connection = new NpgsqlConnection(host.ConnectionString);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand("SELECT id, email, password_hash FROM auth.users", connection);
        await using var reader = await command.ExecuteReaderAsync(Ct);
        (await reader.ReadAsync(Ct)).Should().BeTrue("one account exists");
        var row = (reader.GetGuid(0), reader.GetString(1), reader.GetString(2));
        (await reader.ReadAsync(Ct)).Should().BeFalse("only one account exists");
        return row;
    }

    private static IEnumerable<string> HeaderNames(HttpResponseMessage response) =>
        response.Headers.Select(h => h.Key).Concat(response.Content.Headers.Select(h => h.Key)).Where(h => h != "Date");

    private static async Task<double> TimeAsync(Func<Task<HttpResponseMessage>> send)
    {
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        using var response = await send();
        response.StatusCode.Should().Be(HttpStatusCode.Accepted);
        return stopwatch.Elapsed.TotalMilliseconds;
    }

    internal static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
}
