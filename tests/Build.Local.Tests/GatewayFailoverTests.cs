using System.Net;
using AwesomeAssertions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;
using Platform.LocalGateway;
using Platform.Testing;

namespace Platform.Build.Local.Tests;

/// <summary>What keeps a redeploy free of failed requests, in-process on 127.0.0.1.</summary>
public class GatewayFailoverTests
{
    [Fact]
    public async Task AConnectTriesTheNextAddressWhenOneRefuses()
    {
        // Given: the alias resolves to a stopped container (a closed port) first, then the new one
        var ct = TestContext.Current.CancellationToken;
        await using var backend = await FakeBackends.StartAsync(["auth-service"]);
        var live = backend.Urls["auth-service"].Port;
        using var refused = new RefusedPort();
        var dead = refused.Port;
        var resolved = new List<string>();
        using var client = new HttpMessageInvoker(GatewayHttpClient.CreateHandler((endPoint, _) =>
        {
            resolved.Add(endPoint.Host);
            return Task.FromResult<IPEndPoint[]>([new(IPAddress.Loopback, dead), new(IPAddress.Loopback, live)]);
        }));

        // When
        using var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "http://auth-service:8080/auth/health"), ct);

        // Then
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        resolved.Should().Equal("auth-service");
    }

    [Fact]
    public async Task AServiceThatCannotBeReachedGets502AfterTheRetries()
    {
        var ct = TestContext.Current.CancellationToken;
        using var refused = new RefusedPort();
        await using var gateway = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.ConfigureLogging(logging => logging.ClearProviders());
            builder.UseSetting("Gateway:Routes:0:Destination", $"http://127.0.0.1:{refused.Port}");
        });
        gateway.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        gateway.StartServer();
        using var http = gateway.CreateClient();

        var started = System.Diagnostics.Stopwatch.StartNew();
        using var response = await http.GetAsync("/auth/health", ct);

        response.StatusCode.Should().Be(HttpStatusCode.BadGateway);
        started.Elapsed.Should().BeGreaterThan(TimeSpan.FromMilliseconds(500), "two retries wait 200 ms and 400 ms").And.BeLessThan(TimeSpan.FromSeconds(10));
    }
}
