using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AwesomeAssertions;
using Microsoft.Extensions.Logging;
using Platform.ServiceDefaults.Configuration;
using Platform.Testing;

namespace Platform.BillingService.Tests;

[Trait("Category", "Integration")]
public sealed class InvoiceFlowTests(PlatformContainers containers, SharedHosts<IsolatedServiceHost<Program>> refusals)
    : IClassFixture<SharedHosts<IsolatedServiceHost<Program>>>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static HttpRequestMessage Create(string? key, object body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/billing/invoices") { Content = JsonContent.Create(body) };
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }

        return request;
    }

    [Fact]
    public async Task Create_get_list_pay_and_both_events_leave_through_the_outbox()
    {
        await using var host = await BillingHost.StartAsync(containers, Ct);
        var user = Guid.NewGuid();
        using var client = host.Client(user);

        using var created = await client.SendAsync(Create("k1", new { amountMinor = 1250, currency = "EUR", description = "Coffee" }), Ct);
        created.StatusCode.Should().Be(HttpStatusCode.Created);
        var invoice = await created.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var id = invoice.GetProperty("id").GetGuid();
        invoice.GetProperty("status").GetString().Should().Be("open");
        created.Headers.Location!.ToString().Should().Be($"/billing/invoices/{id}");

        (await client.GetFromJsonAsync<JsonElement>($"/billing/invoices/{id}", Ct)).GetProperty("amountMinor").GetInt64().Should().Be(1250);
        (await client.GetFromJsonAsync<JsonElement>("/billing/invoices", Ct)).GetArrayLength().Should().Be(1);

        using var paid = await client.PostAsync($"/billing/invoices/{id}/pay", null, Ct);
        paid.StatusCode.Should().Be(HttpStatusCode.OK);
        (await paid.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("status").GetString().Should().Be("paid");
        using var paidAgain = await client.PostAsync($"/billing/invoices/{id}/pay", null, Ct);
        paidAgain.StatusCode.Should().Be(HttpStatusCode.OK, "paying a paid invoice returns it");

        using var other = host.Client(Guid.NewGuid());
        (await other.GetAsync($"/billing/invoices/{id}", Ct)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await other.PostAsync($"/billing/invoices/{id}/pay", null, Ct)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await other.GetFromJsonAsync<JsonElement>("/billing/invoices", Ct)).GetArrayLength().Should().Be(0);

        using var sqs = containers.CreateSqsClient();
        var events = await QueueReader.ReceiveAsync(sqs, host.QueueUrl, 2, TimeSpan.FromSeconds(20), Ct);
        events.Select(e => e.GetProperty("type").GetString()).Should().Equal("invoice.created", "invoice.paid");
        foreach (var e in events)
        {
            Guid.TryParse(e.GetProperty("id").GetString(), out _).Should().BeTrue();
            e.GetProperty("occurredAt").GetDateTimeOffset().Should().BeAfter(DateTimeOffset.UtcNow.AddMinutes(-5));
            var data = e.GetProperty("data");
            data.GetProperty("invoiceId").GetGuid().Should().Be(id);
            data.GetProperty("userId").GetGuid().Should().Be(user);
            data.GetProperty("amountMinor").GetInt64().Should().Be(1250);
            data.GetProperty("currency").GetString().Should().Be("EUR");
        }

        (await Eventually.TrueWithinAsync(async () => await host.ScalarAsync("SELECT count(*) FROM billing.outbox WHERE sent_at IS NULL") == 0, TimeSpan.FromSeconds(5), Ct))
            .Should().BeTrue("sent rows are marked right after their batch");
    }

    [Fact]
    public async Task Concurrent_retries_with_one_key_create_exactly_one_invoice()
    {
        const int n = 20;
        // This is about one invoice per key, not about deadlines.
        await using var host = await BillingHost.StartAsync(containers, Ct, settings: ServiceSettings.PatientDatabase);
        using var client = host.Client(Guid.NewGuid());
        var body = new { amountMinor = 500, currency = "USD", description = "Same request" };
        // Warm the host (JIT, connection pool) so the 20 requests really overlap instead of queueing behind the first.
        (await client.SendAsync(Create("warm-up", new { amountMinor = 1, currency = "USD", description = "warm-up" }), Ct)).StatusCode.Should().Be(HttpStatusCode.Created);

        var responses = await Task.WhenAll(Enumerable.Range(0, n).Select(_ => client.SendAsync(Create("same-key", body), Ct)));

        var invoices = await host.ScalarAsync("SELECT count(*) FROM billing.invoices WHERE description = 'Same request'");
        TestContext.Current.TestOutputHelper?.WriteLine($"FIGURE invoices created under {n} concurrent same-key requests: {invoices}; responses: " +
            string.Join(", ", responses.GroupBy(r => (int)r.StatusCode).OrderBy(g => g.Key).Select(g => $"{g.Key} x{g.Count()}")));
        invoices.Should().Be(1);
        responses.Select(r => r.StatusCode).Should().OnlyContain(s => s == HttpStatusCode.Created || s == HttpStatusCode.Conflict);
        var bodies = new HashSet<string>();
        foreach (var response in responses.Where(r => r.StatusCode == HttpStatusCode.Created))
        {
            bodies.Add(await response.Content.ReadAsStringAsync(Ct));
        }

        bodies.Should().HaveCount(1, "every 201 carries the one invoice");

        // After the dust settles a retry is a replay with the same body.
        using var replay = await client.SendAsync(Create("same-key", body), Ct);
        replay.StatusCode.Should().Be(HttpStatusCode.Created);
        replay.Headers.GetValues("Idempotent-Replayed").Should().Equal("true");
        (await replay.Content.ReadAsStringAsync(Ct)).Should().Be(bodies.Single());
        (await host.ScalarAsync("SELECT count(*) FROM billing.invoices WHERE description = 'Same request'")).Should().Be(1);
        (await host.ScalarAsync("SELECT count(*) FROM billing.outbox WHERE event_type = 'invoice.created'")).Should().Be(2, "one for the warm-up, one for the 20 requests");
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task A_retry_while_the_first_is_in_flight_is_409_and_a_stale_in_flight_key_is_taken_over()
    {
        await using var host = await BillingHost.StartAsync(containers, Ct);
        var user = Guid.NewGuid();
        using var client = host.Client(user);
        // The first request's claim, as a crashed or slow owner leaves it: in flight, same canonical request hash.
        var hash = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(
            Encoding.UTF8.GetBytes("""{"amountMinor":7,"currency":"EUR","description":"slow"}""")));
        await host.ScalarAsync(
            $"INSERT INTO billing.idempotency_keys (user_id, key, request_hash, state, lock_token) VALUES ('{user}', 'slow', '{hash}', 'in_flight', gen_random_uuid()) RETURNING 1");

        using var inFlight = await client.SendAsync(Create("slow", new { amountMinor = 7, currency = "EUR", description = "slow" }), Ct);
        inFlight.StatusCode.Should().Be(HttpStatusCode.Conflict);
        inFlight.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        inFlight.Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromSeconds(1), "the holder ends within the server's statement bound");

        await host.ScalarAsync("UPDATE billing.idempotency_keys SET locked_at = now() - interval '2 minutes' RETURNING 1");
        using var takenOver = await client.SendAsync(Create("slow", new { amountMinor = 7, currency = "EUR", description = "slow" }), Ct);
        takenOver.StatusCode.Should().Be(HttpStatusCode.Created);
        (await host.ScalarAsync("SELECT count(*) FROM billing.invoices")).Should().Be(1);
    }

    [Fact]
    public async Task Same_key_with_a_different_body_is_422_and_a_missing_key_is_400()
    {
        await using var host = await BillingHost.StartAsync(containers, Ct);
        using var client = host.Client(Guid.NewGuid());
        (await client.SendAsync(Create("k", new { amountMinor = 1, currency = "EUR", description = "a" }), Ct)).StatusCode.Should().Be(HttpStatusCode.Created);

        using var different = await client.SendAsync(Create("k", new { amountMinor = 2, currency = "EUR", description = "a" }), Ct);
        different.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        different.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");

        using var missing = await client.SendAsync(Create(null, new { amountMinor = 1, currency = "EUR", description = "a" }), Ct);
        missing.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await missing.Content.ReadAsStringAsync(Ct)).Should().Contain("Idempotency-Key");

        // The same key belongs to each user separately.
        using var otherUser = host.Client(Guid.NewGuid());
        (await otherUser.SendAsync(Create("k", new { amountMinor = 2, currency = "EUR", description = "a" }), Ct)).StatusCode.Should().Be(HttpStatusCode.Created);
        (await host.ScalarAsync("SELECT count(*) FROM billing.invoices")).Should().Be(2);
    }

    [Fact]
    public async Task OpenApi_document_lists_the_invoice_routes()
    {
        await using var host = await BillingHost.StartAsync(containers, Ct);
        using var client = host.App.CreateClient();
        var document = await client.GetStringAsync("/billing/openapi/v1.json", Ct);
        document.Should().Contain("/billing/invoices/{id}/pay");
    }

    public static TheoryData<string, string, string?, string> BadCreates => new()
    {
        { "malformed JSON", "{\"amountMinor\": 1,", "k", "application/json" },
        { "empty body", "", "k", "application/json" },
        { "not an object", "[1,2]", "k", "application/json" },
        { "amount wrong type", "{\"amountMinor\":\"ten\",\"currency\":\"EUR\",\"description\":\"a\"}", "k", "application/json" },
        { "amount fractional", "{\"amountMinor\":1.5,\"currency\":\"EUR\",\"description\":\"a\"}", "k", "application/json" },
        { "amount overflow", "{\"amountMinor\":99999999999999999999999,\"currency\":\"EUR\",\"description\":\"a\"}", "k", "application/json" },
        { "amount zero", "{\"amountMinor\":0,\"currency\":\"EUR\",\"description\":\"a\"}", "k", "application/json" },
        { "amount negative", "{\"amountMinor\":-5,\"currency\":\"EUR\",\"description\":\"a\"}", "k", "application/json" },
        { "amount missing", "{\"currency\":\"EUR\",\"description\":\"a\"}", "k", "application/json" },
        { "currency lower case", "{\"amountMinor\":1,\"currency\":\"eur\",\"description\":\"a\"}", "k", "application/json" },
        { "currency unknown", "{\"amountMinor\":1,\"currency\":\"ABC\",\"description\":\"a\"}", "k", "application/json" },
        { "currency number", "{\"amountMinor\":1,\"currency\":978,\"description\":\"a\"}", "k", "application/json" },
        { "description missing", "{\"amountMinor\":1,\"currency\":\"EUR\"}", "k", "application/json" },
        { "description empty", "{\"amountMinor\":1,\"currency\":\"EUR\",\"description\":\"\"}", "k", "application/json" },
        { "description too long", "{\"amountMinor\":1,\"currency\":\"EUR\",\"description\":\"" + new string('x', 201) + "\"}", "k", "application/json" },
        // Valid in every field, padded past the 16 KiB limit: only the body limit can reject it (hence Kestrel in BillingHost).
        { "oversized body", "{\"amountMinor\":1,\"currency\":\"EUR\",\"description\":\"a\"" + new string(' ', 17 * 1024) + "}", "k", "application/json" },
        { "key too long", "{\"amountMinor\":1,\"currency\":\"EUR\",\"description\":\"a\"}", new string('k', 256), "application/json" },
        { "key missing", "{\"amountMinor\":1,\"currency\":\"EUR\",\"description\":\"a\"}", null, "application/json" },
        { "wrong content type", "amountMinor=1", "k", "text/plain" },
    };

    [Theory]
    [MemberData(nameof(BadCreates))]
    public async Task Bad_create_input_is_a_4xx_problem(string caseName, string body, string? key, string contentType)
    {
        var host = await RefusalHostAsync();
        using var client = host.Client(Guid.NewGuid());
        using var request = new HttpRequestMessage(HttpMethod.Post, "/billing/invoices") { Content = new StringContent(body, Encoding.UTF8, contentType) };
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }

        using var response = await client.SendAsync(request, Ct);
        ((int)response.StatusCode).Should().BeInRange(400, 499, caseName);
        response.Content.Headers.ContentType?.MediaType.Should().Be("application/problem+json", caseName);
        (await host.ScalarAsync("SELECT count(*) FROM billing.invoices")).Should().Be(0, caseName);
        host.Factory.Logs.Entries.Should().NotContain(e => e.Level >= LogLevel.Error, $"{caseName} is the client's mistake, not the service's error");
    }

    [Theory]
    [InlineData("GET", "/billing/invoices/not-a-guid")]
    [InlineData("POST", "/billing/invoices/not-a-guid/pay")]
    [InlineData("GET", "/billing/invoices/00000000-0000-0000-0000-000000000000")]
    [InlineData("POST", "/billing/invoices/00000000-0000-0000-0000-000000000000/pay")]
    [InlineData("DELETE", "/billing/invoices")]
    public async Task Bad_ids_and_methods_are_4xx(string method, string path)
    {
        var host = await RefusalHostAsync();
        using var client = host.Client(Guid.NewGuid());
        using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path), Ct);
        ((int)response.StatusCode).Should().BeInRange(400, 499);
    }

    /// <summary>One host for every refused request of the class: they create nothing (each case checks that).</summary>
    private Task<IsolatedServiceHost<Program>> RefusalHostAsync() => refusals.GetAsync("billing", () => BillingHost.StartAsync(containers, Ct));
}
