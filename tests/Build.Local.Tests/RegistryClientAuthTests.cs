using System.Net;
using System.Text;
using AwesomeAssertions;
using Platform.Build.Local.Registry;

namespace Platform.Build.Local.Tests;

/// <summary>The registry client's auth, against a scripted handler (ECR cannot be reached here).</summary>
public class RegistryClientAuthTests
{
    private const string ConfigDigest = "sha256:0000000000000000000000000000000000000000000000000000000000000001";

    [Fact]
    public async Task EcrIsAskedWithBasicAuthOfAwsAndThePassword()
    {
        var handler = new ScriptedHandler(request => request.RequestUri!.AbsolutePath.Contains("/manifests/", StringComparison.Ordinal)
            ? Json("""{"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json","config":{"digest":"CONFIG"}}""".Replace("CONFIG", ConfigDigest, StringComparison.Ordinal))
            : Json("""{"architecture":"amd64","os":"linux"}"""));
        using var http = new HttpClient(handler);
        var client = new RegistryClient(http, new RegistryCredentials("1.dkr.ecr.eu-west-1.amazonaws.com", "AWS", "pw"));

        var platforms = await client.GetPlatformsAsync(ImageReference.Parse("1.dkr.ecr.eu-west-1.amazonaws.com/dev/auth-service:abc"), TestContext.Current.CancellationToken);

        platforms.Should().Equal("linux/amd64");
        handler.Requests.Should().HaveCount(2);
        handler.Requests.Should().OnlyContain(r => r.Authorization == "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("AWS:pw")));
        handler.Requests[0].Uri.Should().Be("https://1.dkr.ecr.eu-west-1.amazonaws.com/v2/dev/auth-service/manifests/abc");
        handler.Requests[0].Accept.Should().Contain("application/vnd.oci.image.index.v1+json").And.Contain("application/vnd.docker.distribution.manifest.list.v2+json");
        handler.Requests[1].Uri.Should().EndWith("/v2/dev/auth-service/blobs/" + ConfigDigest);
    }

    [Fact]
    public async Task ABearerChallengeIsAnsweredWithATokenFromTheRealm()
    {
        var handler = new ScriptedHandler(request => request.RequestUri!.Host == "auth.example.com"
            ? Json("""{"token":"t0k"}""")
            : request.Headers.Authorization?.Scheme == "Bearer"
                ? Json("""{"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[{"platform":{"os":"linux","architecture":"arm64","variant":"v8"}}]}""")
                : Challenge());
        using var http = new HttpClient(handler);
        var client = new RegistryClient(http, new RegistryCredentials("registry.example.com", "user", "pw"));

        var platforms = await client.GetPlatformsAsync(ImageReference.Parse("registry.example.com/team/app:1"), TestContext.Current.CancellationToken);

        platforms.Should().Equal("linux/arm64/v8");
        handler.Requests.Select(r => r.Uri).Should().Equal(
            "https://registry.example.com/v2/team/app/manifests/1",
            "https://auth.example.com/token?service=registry.example.com&scope=repository%3Ateam%2Fapp%3Apull",
            "https://registry.example.com/v2/team/app/manifests/1");
        handler.Requests[2].Authorization.Should().Be("Bearer t0k");
    }

    private static HttpResponseMessage Json(string body) => new(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

    private static HttpResponseMessage Challenge()
    {
        var response = new HttpResponseMessage(HttpStatusCode.Unauthorized);
        response.Headers.WwwAuthenticate.ParseAdd("""Bearer realm="https://auth.example.com/token",service="registry.example.com",scope="repository:team/app:pull" """.Trim());
        return response;
    }

    private sealed class ScriptedHandler(Func<HttpRequestMessage, HttpResponseMessage> respond) : HttpMessageHandler
    {
        public List<(string Uri, string? Authorization, string Accept)> Requests { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add((request.RequestUri!.ToString(), request.Headers.Authorization?.ToString(), request.Headers.Accept.ToString()));
            return Task.FromResult(respond(request));
        }
    }
}
