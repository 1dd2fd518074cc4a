using System.Net;
using System.Text;
using System.Text.Json;
using AwesomeAssertions;
using Platform.Testing;

namespace Platform.BillingService.Tests;

[Trait("Category", "Integration")]
public sealed class InvoiceTextRulesTests(PlatformContainers containers, SharedHosts<IsolatedServiceHost<Program>> refusals)
    : IClassFixture<SharedHosts<IsolatedServiceHost<Program>>>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The description follows displayName's rules: the attack's NUL was a 500 (PostgreSQL 22021), the rest were stored.</summary>
    [Theory]
    [InlineData("NUL", "a\\u0000b")]
    [InlineData("escape", "\\u001b[2Jcleared")]
    [InlineData("CR LF", "line\\r\\nInjected: yes")]
    [InlineData("right-to-left override", "invoice\\u202Efdp.exe")]
    [InlineData("left-to-right isolate", "a\\u2066b")]
    public async Task DescriptionWithAForbiddenCharacterIs400NamingDescriptionAndCreatesNothing(string caseName, string escaped)
    {
        // One host for the refusals (each case checks it created nothing); the control below has its own.
        var host = await refusals.GetAsync("billing", () => BillingHost.StartAsync(containers, Ct));
        using var client = host.Client(Guid.NewGuid());

        using var response = await PostAsync(client, $$"""{"amountMinor":100,"currency":"EUR","description":"{{escaped}}"}""");

        var body = await response.Content.ReadAsStringAsync(Ct);
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest, $"{caseName}: {body}");
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        JsonDocument.Parse(body).RootElement.GetProperty("errors").TryGetProperty("description", out _).Should().BeTrue(body);
        (await host.ScalarAsync("SELECT count(*) FROM billing.invoices")).Should().Be(0);
    }

    [Fact]
    public async Task DescriptionOfTwoHundredEmojisIsAccepted()
    {
        // The control: the rule counts characters as PostgreSQL does, and ordinary non-ASCII text passes.
        await using var host = await BillingHost.StartAsync(containers, Ct);
        using var client = host.Client(Guid.NewGuid());

        using var response = await PostAsync(client, $$"""{"amountMinor":100,"currency":"EUR","description":"{{string.Concat(Enumerable.Repeat("\U0001F600", 200))}}"}""");

        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task CreateWithAnUnsupportedCharsetIs415()
    {
        await using var host = await BillingHost.StartAsync(containers, Ct);
        using var client = host.Client(Guid.NewGuid());

        await UnsupportedCharset.ShouldBe415Async(client, HttpMethod.Post, "/billing/invoices", """{"amountMinor":100,"currency":"EUR","description":"x"}""", Ct);
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string json)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/billing/invoices") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        return await client.SendAsync(request, Ct);
    }
}
