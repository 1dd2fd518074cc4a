using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Platform.Build.Local.Registry;

/// <summary>
/// Reads manifests through the OCI distribution API (<c>GET /v2/&lt;name&gt;/manifests/&lt;tag&gt;</c>) to tell which platforms
/// a tag holds. No auth (a local registry), Basic (ECR accepts <c>AWS:password</c>), or a Bearer token from the realm a
/// 401 names (Docker Hub, GHCR, Harbor).
/// </summary>
public sealed partial class RegistryClient(HttpClient http, RegistryCredentials? credentials = null)
{
    private const string OciIndex = "application/vnd.oci.image.index.v1+json";
    private const string DockerList = "application/vnd.docker.distribution.manifest.list.v2+json";
    private const string DockerManifest = "application/vnd.docker.distribution.manifest.v2+json";
    private const string OciManifest = "application/vnd.oci.image.manifest.v1+json";

    private string? _bearer;

    /// <summary>The platforms of the tag, as <c>os/architecture[/variant]</c>.</summary>
    public async Task<IReadOnlyList<string>> GetPlatformsAsync(ImageReference image, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        var manifestUri = new Uri(image.BaseUri, $"v2/{image.Repository}/manifests/{image.Tag}");
        using var manifest = await GetJsonAsync(image, manifestUri, [OciIndex, DockerList, DockerManifest, OciManifest], cancellationToken);
        var root = manifest.RootElement;
        var mediaType = root.TryGetProperty("mediaType", out var type) ? type.GetString() : null;
        if (mediaType is OciIndex or DockerList || (mediaType is null && root.TryGetProperty("manifests", out _)))
        {
            return [.. root.GetProperty("manifests").EnumerateArray()
                .Where(m => m.TryGetProperty("platform", out _))
                .Select(m => Platform(m.GetProperty("platform")))
                // buildx attaches provenance manifests as platform unknown/unknown: not an image anyone runs.
                .Where(p => p != "unknown/unknown")
                .Distinct()];
        }

        if (!root.TryGetProperty("config", out var config) || !config.TryGetProperty("digest", out var digest))
        {
            throw new PlatformException($"{image}: the registry's manifest has neither 'manifests' nor 'config' (mediaType {mediaType ?? "none"})");
        }

        var blobUri = new Uri(image.BaseUri, $"v2/{image.Repository}/blobs/{digest.GetString()}");
        using var imageConfig = await GetJsonAsync(image, blobUri, ["application/json", "*/*"], cancellationToken);
        return [Platform(imageConfig.RootElement)];
    }

    /// <summary>
    /// The digest of the tag's manifest (the manifest list's for a multi-platform image) and each platform's manifest digest.
    /// The digest is the registry's Docker-Content-Digest, else the SHA-256 of the manifest's bytes, as the OCI spec defines it.
    /// </summary>
    public async Task<ImageDigests> GetDigestsAsync(ImageReference image, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        var manifestUri = new Uri(image.BaseUri, $"v2/{image.Repository}/manifests/{image.Tag}");
        var (manifest, digest) = await GetManifestAsync(image, manifestUri, [OciIndex, DockerList, DockerManifest, OciManifest], cancellationToken);
        using (manifest)
        {
            var root = manifest.RootElement;
            if (root.TryGetProperty("manifests", out var manifests))
            {
                var platforms = manifests.EnumerateArray()
                    .Where(m => m.TryGetProperty("platform", out _) && m.TryGetProperty("digest", out _))
                    .Select(m => (Platform: Platform(m.GetProperty("platform")), Digest: m.GetProperty("digest").GetString() ?? ""))
                    .Where(p => p.Platform != "unknown/unknown")
                    .GroupBy(p => p.Platform, StringComparer.Ordinal)
                    .ToDictionary(g => g.Key, g => g.First().Digest, StringComparer.Ordinal);
                return new ImageDigests(digest, platforms);
            }
        }

        var single = await GetPlatformsAsync(image, cancellationToken);
        return new ImageDigests(digest, single.ToDictionary(p => p, _ => digest, StringComparer.Ordinal));
    }

    private static string Platform(JsonElement element)
    {
        var os = element.TryGetProperty("os", out var o) ? o.GetString() : null;
        var architecture = element.TryGetProperty("architecture", out var a) ? a.GetString() : null;
        var variant = element.TryGetProperty("variant", out var v) ? v.GetString() : null;
        return $"{os ?? "unknown"}/{architecture ?? "unknown"}" + (string.IsNullOrEmpty(variant) ? "" : "/" + variant);
    }

    private async Task<JsonDocument> GetJsonAsync(ImageReference image, Uri uri, string[] accept, CancellationToken cancellationToken) =>
        (await GetManifestAsync(image, uri, accept, cancellationToken)).Json;

    private async Task<(JsonDocument Json, string Digest)> GetManifestAsync(ImageReference image, Uri uri, string[] accept, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(uri, accept, cancellationToken);
        if (response.StatusCode == HttpStatusCode.Unauthorized && _bearer is null
            && response.Headers.WwwAuthenticate.FirstOrDefault(h => h.Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase)) is { Parameter: { } challenge })
        {
            _bearer = await FetchBearerTokenAsync(image, challenge, cancellationToken);
            using var retried = await SendAsync(uri, accept, cancellationToken);
            return await ReadAsync(image, uri, retried, cancellationToken);
        }

        return await ReadAsync(image, uri, response, cancellationToken);
    }

    private async Task<HttpResponseMessage> SendAsync(Uri uri, string[] accept, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        foreach (var type in accept)
        {
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(type));
        }

        if (_bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _bearer);
        }
        else if (credentials is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", credentials.BasicToken);
        }

        try
        {
            return await http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException exception)
        {
            throw new PlatformException($"registry {uri.Authority} did not answer GET {uri.AbsolutePath}: {exception.Message}", exception);
        }
    }

    private static async Task<(JsonDocument Json, string Digest)> ReadAsync(ImageReference image, Uri uri, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        var body = System.Text.Encoding.UTF8.GetString(bytes);
        if (!response.IsSuccessStatusCode)
        {
            var hint = response.StatusCode == HttpStatusCode.NotFound ? " (was it pushed?)" : "";
            throw new PlatformException($"{image}: GET {uri.AbsolutePath} answered {(int)response.StatusCode} {response.ReasonPhrase}{hint}: {Truncate(body)}");
        }

        var digest = response.Headers.TryGetValues("Docker-Content-Digest", out var values) && values.FirstOrDefault() is { Length: > 0 } header
            ? header
            : "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes));
        try
        {
            return (JsonDocument.Parse(bytes), digest);
        }
        catch (JsonException exception)
        {
            throw new PlatformException($"{image}: GET {uri.AbsolutePath} did not return JSON: {Truncate(body)}", exception);
        }
    }

    private async Task<string> FetchBearerTokenAsync(ImageReference image, string challenge, CancellationToken cancellationToken)
    {
        var parameters = ChallengeParameter().Matches(challenge).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value, StringComparer.OrdinalIgnoreCase);
        if (!parameters.TryGetValue("realm", out var realm))
        {
            throw new PlatformException($"{image}: the registry asked for a bearer token without naming a realm");
        }

        var query = string.Join('&', parameters.Where(p => p.Key is "service" or "scope").Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value)}"));
        using var request = new HttpRequestMessage(HttpMethod.Get, query.Length > 0 ? $"{realm}?{query}" : realm);
        if (credentials is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", credentials.BasicToken);
        }

        using var response = await http.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new PlatformException($"{image}: the token service {new Uri(realm).Authority} answered {(int)response.StatusCode}: {Truncate(body)}");
        }

        using var token = JsonDocument.Parse(body);
        return (token.RootElement.TryGetProperty("token", out var t) ? t.GetString() : null)
            ?? (token.RootElement.TryGetProperty("access_token", out var a) ? a.GetString() : null)
            ?? throw new PlatformException($"{image}: the token service's answer has no token");
    }

    private static string Truncate(string body) => body.Length <= 300 ? body.Trim() : body[..300] + "…";

    [GeneratedRegex(@"(\w+)=""([^""]*)""")]
    private static partial Regex ChallengeParameter();
}

/// <summary>A tag's manifest digest (the manifest list's when it has several platforms) and each platform's manifest digest.</summary>
public sealed record ImageDigests(string Digest, IReadOnlyDictionary<string, string> Platforms);
