using System.Net;
using System.Text.Json;
using AwesomeAssertions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;
using Platform.Build.Local.Platform;
using Platform.Testing.BadInput;

namespace Platform.Build.Local.Tests;

/// <summary>
/// The corpus's oversize and malformed requests through the gateway, to backends that refuse an oversize body as the
/// services do (413 problem, connection closed before the body is read): the client gets the service's 413 or the
/// ALB's 400/405, never a 502, whatever its Expect header.
/// </summary>
public sealed class GatewayBadInputTests : IAsyncLifetime
{
    private FakeBackends _backends = null!;
    private WebApplicationFactory<Program> _gateway = null!;
    private Uri _address = null!;

    /// <summary>One body endpoint per service, with the limit the service sets on it.</summary>
    public static TheoryData<string, string, string?, long> Endpoints => new()
    {
        { "POST", "/auth/register", """{"email":"a@example.com","password":"a fine password"}""", 8 * 1024 },
        { "PUT", "/users/me", """{"displayName":"Ada"}""", 4 * 1024 },
        { "POST", "/billing/invoices", """{"amountMinor":100,"currency":"EUR","description":"x"}""", 16 * 1024 },
        { "GET", "/notify/notifications", null, 30_000_000 },
    };

    public async ValueTask InitializeAsync()
    {
        var limits = Endpoints.ToDictionary(row => row.Data.Item2.Split('/')[1], row => row.Data.Item4);
        _backends = await FakeBackends.StartAsync(PlatformServices.All.Select(s => s.Name), (service, context) => RefuseOversizeAsync(context, limits[RouteOf(context)]));
        _gateway = GatewayHost.Start(_backends);
        using var client = _gateway.CreateClient();
        _address = client.BaseAddress!;
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task OversizeAndMalformedRequestsGetTheServicesOrTheAlbsAnswerNever502(string method, string path, string? body, long limit)
    {
        var endpoint = new CorpusEndpoint(method, path, body, limit, new Dictionary<string, string>());

        await CorpusAssertions.ShouldRefuseEveryBadInputAsync(
            _address, endpoint, TestContext.Current.CancellationToken, serverRejectionsAllowed: false, only: c => c.Kind is CaseKind.Oversize or CaseKind.Malformed);
    }

    [Theory]
    [InlineData("Host: a.example:99999", "GET /auth/health HTTP/1.1", 400)]
    [InlineData("Host: 127.0.0.1", "CONNECT /auth/health HTTP/1.1", 405)]
    [InlineData("Host: 127.0.0.1\r\nX-Name: Zoë", "GET /auth/health HTTP/1.1", 400)]
    public async Task MalformedRequestGetsTheAlbsStatus(string headers, string requestLine, int status)
    {
        var response = await RawHttp.SendAsync(_address, $"{requestLine}\r\n{headers}\r\nConnection: close\r\n", null, TestContext.Current.CancellationToken);

        response.Status.Should().Be(status, response.Body);
        JsonDocument.Parse(response.Body).RootElement.GetProperty("status").GetInt32().Should().Be(status);
    }

    [Fact]
    public async Task OversizeBodyWithoutExpectGetsTheServicesLimitAs413AndOneUnderItIsForwarded()
    {
        var ct = TestContext.Current.CancellationToken;
        var over = new string('x', 64 * 1024);
        var under = new string('x', 4000);

        var refused = await RawHttp.SendAsync(_address, $"PUT /users/me HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: {over.Length}\r\nConnection: close\r\n", System.Text.Encoding.ASCII.GetBytes(over), ct);
        var forwarded = await RawHttp.SendAsync(_address, $"PUT /users/me HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: {under.Length}\r\nConnection: close\r\n", System.Text.Encoding.ASCII.GetBytes(under), ct);

        refused.Status.Should().Be(413, refused.Body);
        refused.ContentType.Should().StartWith("application/problem+json");
        forwarded.Status.Should().Be(200, "the control: a body within the limit reaches the service");
    }

    public async ValueTask DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _backends.DisposeAsync();
    }

    private static string RouteOf(HttpContext context) => context.Request.Path.Value!.Split('/')[1];

    /// <summary>As a service does: a body over the endpoint's limit is a 413 problem as soon as it is read.</summary>
    private static async Task RefuseOversizeAsync(HttpContext context, long limit)
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = limit;
        }

        try
        {
            await context.Request.Body.CopyToAsync(Stream.Null, context.RequestAborted);
        }
        catch (BadHttpRequestException exception)
        {
            context.Response.StatusCode = exception.StatusCode;
            context.Response.ContentType = "application/problem+json";
            await context.Response.WriteAsync($$"""{"status":{{exception.StatusCode}},"title":"Request body too large"}""", context.RequestAborted);
            return;
        }

        await FakeBackends.Echo(RouteOf(context), context);
    }
}
