using AwesomeAssertions;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.Testing;
using Platform.Testing.BadInput;
using Platform.Testing.Tokens;

namespace Platform.BillingService.Tests;

[Trait("Category", "Integration")]
public sealed class BillingBadInputCorpusTests(PlatformContainers containers)
{
    private const string Invoice = """{"amountMinor":100,"currency":"EUR","description":"Consulting, November"}""";

    public static TheoryData<string> EndpointNames => ["create invoice", "list invoices", "get invoice", "pay invoice"];

    [Theory]
    [MemberData(nameof(EndpointNames))]
    public async Task EndpointAnswersEveryBadInputWithoutA5xxAndEvery4xxIsAProblem(string endpoint)
    {
        // Given a user with one invoice, so the item endpoints have something to find
        var ct = TestContext.Current.CancellationToken;
        await using var host = await BillingHost.StartAsync(containers, ct);
        var user = Guid.NewGuid();
        using var client = host.Client(user);
        using var create = new HttpRequestMessage(HttpMethod.Post, "/billing/invoices") { Content = new StringContent(Invoice, System.Text.Encoding.UTF8, "application/json") };
        create.Headers.Add("Idempotency-Key", "corpus-seed");
        using var created = await client.SendAsync(create, ct);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("id").GetGuid();
        var signedIn = new Dictionary<string, string> { ["Authorization"] = "Bearer " + TestJwt.Issue(user) };
        var endpoints = new Dictionary<string, CorpusEndpoint>
        {
            ["create invoice"] = new("POST", "/billing/invoices", Invoice, Invoices.InvoicesApi.MaxCreateBodyBytes, new Dictionary<string, string>(signedIn) { ["Idempotency-Key"] = CorpusEndpoint.Unique }),
            ["list invoices"] = new("GET", "/billing/invoices", null, 30_000_000, signedIn),
            ["get invoice"] = new("GET", $"/billing/invoices/{id}", null, 30_000_000, signedIn),
            ["pay invoice"] = new("POST", $"/billing/invoices/{id}/pay", null, 30_000_000, signedIn),
        };

        // When / Then
        await CorpusAssertions.ShouldRefuseEveryBadInputAsync(CorpusAssertions.Address(client), endpoints[endpoint], ct);
    }

    [Fact]
    public void GatewayRefusesBodiesAtTheSameLimitAsTheService() =>
        GatewayRouteLimit.Of("billing-service").Should().Be(Invoices.InvoicesApi.MaxCreateBodyBytes, "the gateway answers the service's 413 itself (docs/design/gateway-refusals.md)");
}
