using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Platform.FakeAws;

/// <summary>
/// The ECR registry's manifest API, as the OCI distribution spec and ECR define it: Basic auth with the user "AWS" and the
/// GetAuthorizationToken password, an image index listing the image's platforms, 404 MANIFEST_UNKNOWN for a missing tag.
/// https://docs.aws.amazon.com/AmazonECR/latest/userguide/registry_auth.html
/// </summary>
internal sealed class FakeEcrRegistry(FakeEcr ecr) : HttpMessageHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var uri = request.RequestUri!;
        var expected = Convert.ToBase64String(Encoding.UTF8.GetBytes("AWS:" + ecr.Password));
        if (uri.Host != ecr.RegistryHost)
        {
            throw new HttpRequestException($"No such host is known. ({uri.Host}:443)");
        }

        if (request.Headers.Authorization is not { Scheme: "Basic" } auth || auth.Parameter != expected)
        {
            var unauthorized = Json(HttpStatusCode.Unauthorized, """{"errors":[{"code":"DENIED","message":"Your authorization token has expired. Reauthenticate and try again."}]}""");
            unauthorized.Headers.WwwAuthenticate.Add(new AuthenticationHeaderValue("Basic", $"realm=\"https://{ecr.RegistryHost}/\",service=\"ecr.amazonaws.com\""));
            return Task.FromResult(unauthorized);
        }

        var path = uri.AbsolutePath;
        var marker = path.IndexOf("/manifests/", StringComparison.Ordinal);
        if (!path.StartsWith("/v2/", StringComparison.Ordinal) || marker < 0)
        {
            return Task.FromResult(Json(HttpStatusCode.NotFound, """{"errors":[{"code":"NOT_FOUND","message":"404 page not found"}]}"""));
        }

        var repository = path[4..marker];
        var tag = path[(marker + "/manifests/".Length)..];
        if (ecr.Find(repository, tag) is not { } found)
        {
            return Task.FromResult(Json(HttpStatusCode.NotFound,
                $$$"""{"errors":[{"code":"MANIFEST_UNKNOWN","message":"Requested image not found","detail":{"Name":"{{{repository}}}","Tag":"{{{tag}}}"}}]}"""));
        }

        var index = Json(HttpStatusCode.OK, found.Manifest);
        index.Content.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.oci.image.index.v1+json");
        index.Headers.Add("Docker-Content-Digest", found.Digest);
        return Task.FromResult(index);
    }

    private static HttpResponseMessage Json(HttpStatusCode status, string body) =>
        new(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
}
