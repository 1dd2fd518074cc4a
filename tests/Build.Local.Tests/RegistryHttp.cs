using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Platform.Build.Local.Tests;

/// <summary>
/// Writes straight to the local registry through the OCI distribution API: the only way here to get manifests for
/// platforms this amd64 machine without buildx cannot build (an arm64-only image, a multi-platform index).
/// </summary>
internal sealed class RegistryHttp(HttpClient http, string registry)
{
    public const string OciManifest = "application/vnd.oci.image.manifest.v1+json";
    public const string OciIndex = "application/vnd.oci.image.index.v1+json";

    public async Task<(string Digest, long Size)> PutBlobAsync(string repository, byte[] content, CancellationToken cancellationToken)
    {
        var digest = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(content));
        using var start = await http.PostAsync(new Uri($"http://{registry}/v2/{repository}/blobs/uploads/"), null, cancellationToken);
        start.EnsureSuccessStatusCode();
        var location = start.Headers.Location!;
        var upload = location.IsAbsoluteUri ? location : new Uri(new Uri($"http://{registry}"), location);
        var separator = upload.Query.Length > 0 ? "&" : "?";
        using var body = new ByteArrayContent(content);
        body.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var put = await http.PutAsync(new Uri(upload + separator + "digest=" + Uri.EscapeDataString(digest)), body, cancellationToken);
        put.EnsureSuccessStatusCode();
        return (digest, content.Length);
    }

    /// <summary>An image manifest whose config says <paramref name="architecture"/>; returns its digest and size.</summary>
    public async Task<(string Digest, long Size)> PutImageAsync(string repository, string tag, string architecture, CancellationToken cancellationToken)
    {
        var config = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new JsonObject
        {
            ["architecture"] = architecture,
            ["os"] = "linux",
            ["config"] = new JsonObject(),
            ["rootfs"] = new JsonObject { ["type"] = "layers", ["diff_ids"] = new JsonArray() },
        }));
        var (configDigest, configSize) = await PutBlobAsync(repository, config, cancellationToken);
        var (layerDigest, layerSize) = await PutBlobAsync(repository, Encoding.UTF8.GetBytes("layer of " + architecture + " " + Guid.NewGuid()), cancellationToken);
        var manifest = new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = OciManifest,
            ["config"] = new JsonObject { ["mediaType"] = "application/vnd.oci.image.config.v1+json", ["digest"] = configDigest, ["size"] = configSize },
            ["layers"] = new JsonArray(new JsonObject { ["mediaType"] = "application/vnd.oci.image.layer.v1.tar+gzip", ["digest"] = layerDigest, ["size"] = layerSize }),
        };
        return await PutManifestAsync(repository, tag, OciManifest, manifest, cancellationToken);
    }

    public async Task PutIndexAsync(string repository, string tag, IEnumerable<(string Digest, long Size, string Os, string Architecture)> manifests, CancellationToken cancellationToken)
    {
        var index = new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = OciIndex,
            ["manifests"] = new JsonArray([.. manifests.Select(m => (JsonNode)new JsonObject
            {
                ["mediaType"] = OciManifest,
                ["digest"] = m.Digest,
                ["size"] = m.Size,
                ["platform"] = new JsonObject { ["os"] = m.Os, ["architecture"] = m.Architecture },
            })]),
        };
        await PutManifestAsync(repository, tag, OciIndex, index, cancellationToken);
    }

    private async Task<(string Digest, long Size)> PutManifestAsync(string repository, string tag, string mediaType, JsonObject manifest, CancellationToken cancellationToken)
    {
        var bytes = Encoding.UTF8.GetBytes(manifest.ToJsonString());
        using var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        using var response = await http.PutAsync(new Uri($"http://{registry}/v2/{repository}/manifests/{tag}"), content, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"PUT manifest {repository}:{tag}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }

        return ("sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes)), bytes.Length);
    }
}
