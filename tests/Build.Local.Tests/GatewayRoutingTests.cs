using System.Net;
using System.Net.Http.Json;
using AwesomeAssertions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;
using Platform.Build.Local.Platform;

namespace Platform.Build.Local.Tests;

/// <summary>The gateway in-process on Kestrel (127.0.0.1), its route table pointed at fake backends.</summary>
public sealed class GatewayRoutingTests : IAsyncLifetime
{
    private FakeBackends _backends = null!;
    private WebApplicationFactory<Program> _gateway = null!;
    private HttpClient _client = null!;

    public async ValueTask InitializeAsync()
    {
        _backends = await FakeBackends.StartAsync(PlatformServices.All.Select(s => s.Name));
        _gateway = GatewayHost.Start(_backends);
        _client = _gateway.CreateClient();
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _gateway.DisposeAsync();
        await _backends.DisposeAsync();
    }

    [Theory]
    [InlineData("/auth", "auth-service")]
    [InlineData("/auth/health", "auth-service")]
    [InlineData("/auth/.well-known/jwks.json", "auth-service")]
    [InlineData("/users/me", "user-service")]
    [InlineData("/billing/invoices/42/pay", "billing-service")]
    [InlineData("/notify/notifications", "notification-service")]
    public async Task PathIsForwardedUnchangedToTheRulesService(string path, string service)
    {
        var echo = await _client.GetFromJsonAsync<Dictionary<string, string?>>(path + "?page=2", TestContext.Current.CancellationToken);

        echo!["service"].Should().Be(service);
        echo["path"].Should().Be(path, "the ALB strips no prefix");
        echo["query"].Should().Be("?page=2");
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/authx")]
    [InlineData("/Auth/health")]
    [InlineData("/health")]
    [InlineData("/billingx/invoices")]
    public async Task UnroutedPathGetsTheListenersFixed404(string path)
    {
        using var response = await _client.GetAsync(path, TestContext.Current.CancellationToken);

        // The expected response is the configured one; GatewayRouteTableTests holds it equal to the template's.
        using var settings = System.Text.Json.JsonDocument.Parse(await File.ReadAllTextAsync(RepositoryPaths.GatewaySettings, TestContext.Current.CancellationToken));
        var fallback = settings.RootElement.GetProperty("Gateway").GetProperty("DefaultResponse");

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        ((int)response.StatusCode).Should().Be(fallback.GetProperty("StatusCode").GetInt32());
        response.Content.Headers.ContentType!.MediaType.Should().Be(fallback.GetProperty("ContentType").GetString());
        (await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).Should().Be(fallback.GetProperty("Body").GetString());
    }

    [Fact]
    public async Task ForwardedHeadersAreSetAsTheAlbSetsThem()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/billing/invoices");
        request.Headers.Add("X-Forwarded-For", "203.0.113.7");
        request.Headers.Add("X-Forwarded-Proto", "forged");
        request.Content = JsonContent.Create(new { amount = 1 });

        using var response = await _client.SendAsync(request, TestContext.Current.CancellationToken);
        var echo = await response.Content.ReadFromJsonAsync<Dictionary<string, string?>>(TestContext.Current.CancellationToken);

        echo!["x-forwarded-for"].Should().Be("203.0.113.7, 127.0.0.1");
        echo["x-forwarded-proto"].Should().Be("http");
        echo["x-forwarded-port"].Should().Be(_client.BaseAddress!.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        echo["host"].Should().Be(_client.BaseAddress.Authority, "the ALB keeps the client's Host header");
    }
}
