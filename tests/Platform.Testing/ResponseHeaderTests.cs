using System.Text.Json;
using AwesomeAssertions;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Configuration;

namespace Platform.Testing;

/// <summary>
/// What every service's responses carry and leave out, on a real Kestrel listener (the Server header is Kestrel's):
/// nosniff on every answer, no Server header, and OpenAPI servers that no request can choose. Each service's test
/// project derives one class.
/// </summary>
[Trait("Category", "Integration")]
public abstract class ResponseHeaderTests<TProgram>(PlatformContainers containers, PlatformService service)
    where TProgram : class
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task EveryResponseHasNosniffAndNoServerHeader()
    {
        await using var host = await IsolatedService.StartAsync<TProgram>(containers, service.Name, Ct);
        using var client = host.CreateClient();

        foreach (var path in new[] { service.RoutePrefix + "/health/live", service.RoutePrefix + "/no-such-route", service.RoutePrefix + "/openapi/v1.json" })
        {
            using var response = await client.GetAsync(new Uri(path, UriKind.Relative), Ct);
            response.Headers.TryGetValues("X-Content-Type-Options", out var nosniff).Should().BeTrue(path);
            nosniff.Should().Equal(["nosniff"], path);
            response.Headers.Server.Should().BeEmpty(path);
        }
    }

    [Fact]
    public async Task OpenApiServersComeFromConfigurationNeverFromTheHostHeader()
    {
        // Given a service told its public URL, and one that is not
        await using var configured = await IsolatedService.StartAsync<TProgram>(
            containers, service.Name, Ct, new IsolatedServiceOptions { Settings = s => s[EnvironmentVariables.PublicBaseUrl] = "https://api.example.com/" });
        await using var unconfigured = await IsolatedService.StartAsync<TProgram>(containers, service.Name, Ct);

        // When a client asks with a Host of its choosing
        var fromConfiguration = await ServersAsync(configured.CreateClient());
        var unset = await ServersAsync(unconfigured.CreateClient());

        // Then
        fromConfiguration.Should().Equal("https://api.example.com");
        unset.Should().BeEmpty("unset means the document's own origin, never the request's Host");
    }

    private async Task<List<string>> ServersAsync(HttpClient client)
    {
        using (client)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, service.RoutePrefix + "/openapi/v1.json");
            request.Headers.Host = "attacker.example:8443";
            using var response = await client.SendAsync(request, Ct);
            var body = await response.Content.ReadAsStringAsync(Ct);
            body.Should().NotContain("attacker.example");
            using var document = JsonDocument.Parse(body);
            return document.RootElement.TryGetProperty("servers", out var servers)
                ? [.. servers.EnumerateArray().Select(s => s.GetProperty("url").GetString()!)]
                : [];
        }
    }
}
