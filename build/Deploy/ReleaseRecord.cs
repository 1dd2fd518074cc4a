using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using BuildCore;

namespace Platform.Build.Deploy;

/// <summary>
/// artifacts/release.json: what a version is, byte for byte — the version, the git commit, each service's image by digest
/// and the template's SHA-256. Promote reads one back to deploy exactly those digests (docs/design/promote-by-digest.md).
/// </summary>
public static class ReleaseRecord
{
    public static JsonObject Create(string version, string commit, string? templateFile, IReadOnlyList<PinnedImage> images, string source)
    {
        ArgumentNullException.ThrowIfNull(images);
        return new JsonObject
        {
            ["version"] = version,
            ["commit"] = commit,
            ["templateSha256"] = templateFile is not null && File.Exists(templateFile) ? Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(templateFile))) : null,
            ["imagesFrom"] = source,
            ["images"] = ImageDigestResolver.ToJson(images),
        };
    }

    /// <summary>The images a record names, by digest; a record without them cannot be promoted.</summary>
    public static IReadOnlyList<PinnedImage> ReadImages(string path)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(File.ReadAllText(path));
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            throw new BuildException($"--from {path}: not a readable release record ({e.Message}).");
        }

        var images = (root?["images"] as JsonObject)?.Select(entry =>
        {
            var image = entry.Value?["image"]?.GetValue<string>() ?? "";
            var at = image.IndexOf("@sha256:", StringComparison.Ordinal);
            if (at < 0)
                throw new BuildException($"--from {path}: images.{entry.Key}.image '{image}' is not repository@sha256:digest.");
            return new PinnedImage(entry.Key, entry.Value?["tagged"]?.GetValue<string>() ?? image, image[..at], image[(at + 1)..], new Dictionary<string, string>());
        }).ToList() ?? [];
        return images.Count > 0 ? images : throw new BuildException($"--from {path}: the release record names no images (was it written with --from <env>?).");
    }

    public static void Write(string path, JsonObject record)
    {
        ArgumentNullException.ThrowIfNull(record);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        // Written aside, then renamed over: a reader never sees half a record, and two runs never hold the file at once.
        var partial = $"{path}.{Guid.NewGuid():N}.tmp";
        File.WriteAllText(partial, record.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + Environment.NewLine);
        File.Move(partial, path, overwrite: true);
    }
}
