using System.Text.Json.Nodes;
using Platform.Build.Local;
using Platform.Build.Local.Images;
using Platform.Build.Local.Registry;

namespace Platform.Build.Deploy;

/// <summary>An image pinned by digest: <c>repository@sha256:…</c>, with the manifest list's digest and each platform's.</summary>
public sealed record PinnedImage(string Service, string Tagged, string Repository, string Digest, IReadOnlyDictionary<string, string> Platforms)
{
    public string ByDigest => $"{Repository}@{Digest}";
}

/// <summary>
/// Reads each service image's digest from its registry (the manifest's Docker-Content-Digest), so a deploy can name the
/// image by digest: what runs is byte for byte what was tested, even if the tag is moved. Why: docs/design/promote-by-digest.md.
/// </summary>
public sealed class ImageDigestResolver(TextWriter log, HttpMessageHandler? registryHandler = null)
{
    /// <summary>Template parameter that carries a service's digest: auth-service → AuthImageDigest.</summary>
    public static string DigestParameter(string service) =>
        string.Concat(service.Split('-')[0].Take(1).Select(char.ToUpperInvariant)) + service.Split('-')[0][1..] + "ImageDigest";

    public async Task<IReadOnlyList<PinnedImage>> ResolveAsync(string remotePrefix, string tag, RegistryCredentials credentials, CancellationToken cancellationToken)
    {
        using var http = registryHandler is null ? new HttpClient() : new HttpClient(registryHandler, disposeHandler: false);
        http.Timeout = TimeSpan.FromSeconds(30);
        var registry = new RegistryClient(http, credentials);
        var pinned = new List<PinnedImage>();
        foreach (var service in ServiceImages.Services)
        {
            var image = ServiceImages.Reference(remotePrefix, service, tag);
            var digests = await registry.GetDigestsAsync(ImageReference.Parse(image), cancellationToken);
            var entry = new PinnedImage(service, image, image[..image.LastIndexOf(':')], digests.Digest, digests.Platforms);
            log.WriteLine($"digest: {entry.ByDigest} ({string.Join(", ", entry.Platforms.Select(p => $"{p.Key} {p.Value}"))})");
            pinned.Add(entry);
        }
        return pinned;
    }

    /// <summary>The images as JSON: per service the tagged reference, the digest reference and the per-platform digests.</summary>
    public static JsonObject ToJson(IEnumerable<PinnedImage> images) =>
        new(images.Select(i => KeyValuePair.Create(i.Service, (JsonNode?)new JsonObject
        {
            ["image"] = i.ByDigest,
            ["tagged"] = i.Tagged,
            ["digest"] = i.Digest,
            ["platforms"] = new JsonObject(i.Platforms.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value))),
        })));

}
