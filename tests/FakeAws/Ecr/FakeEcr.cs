using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Platform.FakeAws;

/// <summary>
/// ECR: an authorization token, repositories of images (each with the platforms its manifest lists) for DescribeImages, the
/// registry's manifest API (<see cref="Registry"/>), and the pull that ECS tasks make (<see cref="PullError"/>).
/// </summary>
public sealed class FakeEcr
{
    private readonly FakeAwsOptions _options;
    private readonly FakeClock _clock;
    private readonly Lock _gate;
    private readonly Dictionary<string, List<FakeEcrImage>> _repositories = new(StringComparer.Ordinal);
    private readonly HashSet<string> _immutable = new(StringComparer.Ordinal);
    private int _pushes;

    internal FakeEcr(FakeAwsOptions options, FakeClock clock, Lock gate)
    {
        _options = options;
        _clock = clock;
        _gate = gate;
        ProxyEndpoint = $"https://{options.AccountId}.dkr.ecr.{options.Region}.amazonaws.com";
    }

    /// <summary>The registry GetAuthorizationToken points at, e.g. the local registry http://127.0.0.1:5000.</summary>
    public string ProxyEndpoint { get; set; }

    /// <summary>The docker password inside the token (user name "AWS").</summary>
    public string Password { get; set; } = "fake-ecr-password-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));

    public int ImagesPageSize { get; set; } = 100;

    public void AddRepository(string repositoryName)
    {
        lock (_gate)
        {
            _repositories.TryAdd(repositoryName, []);
        }
    }

    /// <summary>
    /// A repository with ImageTagMutability IMMUTABLE: a tag, once pushed, cannot be pushed again.
    /// https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-tag-mutability.html
    /// </summary>
    public void AddRepository(string repositoryName, bool immutableTags)
    {
        lock (_gate)
        {
            _repositories.TryAdd(repositoryName, []);
            if (immutableTags)
            {
                _immutable.Add(repositoryName);
            }
        }
    }

    /// <summary>Why a push of repository:tag is refused (docker's words for ECR's answer), or null when it may go ahead.</summary>
    public string? PushError(string repositoryName, string tag)
    {
        lock (_gate)
        {
            if (!_repositories.TryGetValue(repositoryName, out var images))
            {
                return $"name unknown: The repository with name '{repositoryName}' does not exist in the registry with id '{_options.AccountId}'";
            }

            return _immutable.Contains(repositoryName) && images.Any(i => i.Tags.Contains(tag))
                ? $"tag invalid: The image tag '{tag}' already exists in the '{repositoryName}' repository and cannot be overwritten because the repository is immutable."
                : null;
        }
    }

    /// <summary>A stack deleted the repository (the fake does not refuse a repository that still holds images, as ECR would).</summary>
    internal void RemoveRepository(string repositoryName)
    {
        _repositories.Remove(repositoryName);
        _immutable.Remove(repositoryName);
    }

    public bool HasRepository(string repositoryName)
    {
        lock (_gate)
        {
            return _repositories.ContainsKey(repositoryName);
        }
    }

    /// <summary>The registry host, &lt;account&gt;.dkr.ecr.&lt;region&gt;.amazonaws.com.</summary>
    public string RegistryHost => new Uri(ProxyEndpoint).Host;

    /// <summary>The registry's HTTP API (GET /v2/&lt;repository&gt;/manifests/&lt;tag&gt;, Basic auth AWS:password) answered from this state.</summary>
    public HttpMessageHandler Registry => new FakeEcrRegistry(this);

    /// <summary>Adds a linux/amd64 image with these tags (creating the repository); returns its digest.</summary>
    public string AddImage(string repositoryName, params string[] tags) => PushImage(repositoryName, tags, ["linux/amd64"]);

    /// <summary>What a docker push leaves: the image under these tags, its manifest listing these platforms (os/arch).</summary>
    public string PushImage(string repositoryName, IReadOnlyList<string> tags, IReadOnlyList<string> platforms)
    {
        ArgumentNullException.ThrowIfNull(tags);
        lock (_gate)
        {
            var images = _repositories.TryGetValue(repositoryName, out var list) ? list : _repositories[repositoryName] = [];
            // Each platform's manifest differs per push; the index lists them, and its digest is the SHA-256 of its bytes.
            var seed = repositoryName + string.Join(',', tags) + ++_pushes;
            var manifest = Index(platforms.Select(p => (p, "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(seed + p))))));
            return Store(images, tags, manifest, [.. platforms]);
        }
    }

    /// <summary>
    /// A copy by digest (docker buildx imagetools create, or a registry-to-registry copy): the manifest is stored byte for byte
    /// under the tag in the target repository, so the copy keeps the digest. Returns the copy's digest.
    /// </summary>
    public string CopyImage(string sourceRepository, string digest, string targetRepository, string tag)
    {
        lock (_gate)
        {
            var source = Find(sourceRepository, digest) ?? throw new InvalidOperationException($"{sourceRepository}@{digest}: not found");
            if (PushError(targetRepository, tag) is { } error)
            {
                throw new InvalidOperationException(error);
            }

            return Store(_repositories[targetRepository], [tag], source.Manifest, [.. source.Platforms]);
        }
    }

    private string Store(List<FakeEcrImage> images, IReadOnlyList<string> tags, string manifest, List<string> platforms)
    {
        var digest = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(manifest)));
        foreach (var image in images)
        {
            image.Tags.RemoveAll(tags.Contains); // a tag moves to the newest image, as in a registry
        }

        if (images.FirstOrDefault(i => i.Digest == digest) is { } same)
        {
            same.Tags.AddRange(tags);
            return digest;
        }

        images.Add(new FakeEcrImage(digest, [.. tags], _clock.Next(), platforms, manifest));
        return digest;
    }

    private static string Index(IEnumerable<(string Platform, string Digest)> manifests) =>
        "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":[" +
        string.Join(",", manifests.Select(m =>
            $"{{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"{m.Digest}\",\"size\":1,\"platform\":{{\"os\":\"{m.Platform.Split('/')[0]}\",\"architecture\":\"{m.Platform.Split('/')[1]}\"}}}}")) +
        "]}";

    /// <summary>
    /// The image under this tag is deleted (BatchDeleteImage, or the repository's lifecycle policy expiring it): tasks that
    /// pull it from now on fail with CannotPullContainerError.
    /// https://docs.aws.amazon.com/AmazonECR/latest/userguide/LifecyclePolicies.html
    /// </summary>
    public void ExpireImage(string repositoryName, string tag)
    {
        lock (_gate)
        {
            _repositories.GetValueOrDefault(repositoryName)?.RemoveAll(i => i.Tags.Contains(tag));
        }
    }

    /// <summary>The image a tag or a digest (sha256:…) names in the repository, or null.</summary>
    internal FakeEcrImage? Find(string repositoryName, string reference)
    {
        lock (_gate)
        {
            return _repositories.GetValueOrDefault(repositoryName)?.FirstOrDefault(i => reference.StartsWith("sha256:", StringComparison.Ordinal) ? i.Digest == reference : i.Tags.Contains(reference));
        }
    }

    /// <summary>The platforms of repository:tag, or null when the repository or tag does not exist.</summary>
    public IReadOnlyList<string>? Platforms(string repositoryName, string tag)
    {
        lock (_gate)
        {
            return Tagged(repositoryName, tag)?.Platforms.ToList();
        }
    }

    /// <summary>The digest of repository:tag, or null when the repository or tag does not exist.</summary>
    public string? Digest(string repositoryName, string tag)
    {
        lock (_gate)
        {
            return Tagged(repositoryName, tag)?.Digest;
        }
    }

    /// <summary>The digest a task that pulls <paramref name="image"/> runs (ECS reports it per container), or null when it is not here.</summary>
    internal string? DigestOf(string image) => InThisRegistry(image) is { } reference ? Tagged(reference.Repository, reference.Tag)?.Digest : null;

    /// <summary>
    /// Why a Fargate task (linux/amd64) cannot pull <paramref name="image"/> from this registry, in the stopped reason ECS gives, or null
    /// when it can. Images in other registries are not this fake's to judge.
    /// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_cannot_pull_image.html
    /// </summary>
    internal string? PullError(string image)
    {
        if (InThisRegistry(image) is not { } reference)
        {
            return null;
        }

        var platforms = Tagged(reference.Repository, reference.Tag)?.Platforms;
        if (platforms is null)
        {
            return $"CannotPullContainerError: pull image manifest has been retried 7 time(s): failed to resolve ref {image}: {image}: not found";
        }

        return platforms.Contains("linux/amd64", StringComparer.Ordinal)
            ? null
            : "CannotPullContainerError: pull image manifest has been retried 7 time(s): image Manifest does not contain descriptor matching platform 'linux/amd64'";
    }

    /// <summary>repository and tag of an image reference in this registry ("host/repo:tag"), or null for another registry's image.</summary>
    private (string Repository, string Tag)? InThisRegistry(string image)
    {
        var slash = image.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0 || image[..slash] != RegistryHost)
        {
            return null;
        }

        var path = image[(slash + 1)..];
        // repository@sha256:… pins the image; ECS resolves it against the repository's manifests, as it does a tag.
        var at = path.IndexOf('@', StringComparison.Ordinal);
        var colon = path.LastIndexOf(':');
        return at > 0 ? (path[..at], path[(at + 1)..]) : colon < 0 ? (path, "latest") : (path[..colon], path[(colon + 1)..]);
    }

    /// <summary>The image a tag names, or the one whose manifest digest a "sha256:…" reference names.</summary>
    private FakeEcrImage? Tagged(string repositoryName, string tagOrDigest) => Find(repositoryName, tagOrDigest);

    internal JsonObject Handle(string operation, JsonObject body) => operation switch
    {
        "GetAuthorizationToken" => new JsonObject
        {
            ["authorizationData"] = new JsonArray(new JsonObject
            {
                ["authorizationToken"] = Convert.ToBase64String(Encoding.UTF8.GetBytes("AWS:" + Password)),
                ["expiresAt"] = JsonWire.Epoch(DateTime.UtcNow.AddHours(12)),
                ["proxyEndpoint"] = ProxyEndpoint,
            }),
        },
        "DescribeImages" => DescribeImages(body),
        _ => throw new FakeAwsException("UnknownOperationException", $"Unknown operation {operation}"),
    };

    private JsonObject DescribeImages(JsonObject body)
    {
        var name = body.Str("repositoryName") ?? throw new FakeAwsException("InvalidParameterException", "1 validation error detected: Value null at 'repositoryName' failed to satisfy constraint: Member must not be null");
        if (!_repositories.TryGetValue(name, out var images))
        {
            throw new FakeAwsException("RepositoryNotFoundException", $"The repository with name '{name}' does not exist in the registry with id '{_options.AccountId}'");
        }

        var selected = images.AsEnumerable();
        if (body["imageIds"] is JsonArray ids && ids.Count > 0)
        {
            if (body.Int("maxResults") is not null || body.Str("nextToken") is not null)
            {
                throw new FakeAwsException("InvalidParameterException", "Cannot specify maxResults or nextToken with imageIds.");
            }

            var picked = new List<FakeEcrImage>();
            foreach (var id in ids.OfType<JsonObject>())
            {
                var tag = id.Str("imageTag");
                var digest = id.Str("imageDigest");
                var image = images.FirstOrDefault(i => (tag is null || i.Tags.Contains(tag)) && (digest is null || i.Digest == digest))
                    ?? throw new FakeAwsException("ImageNotFoundException",
                        $"The image with imageId {{imageDigest:'{digest ?? "null"}', imageTag:'{tag ?? "null"}'}} does not exist within the repository with name '{name}' in the registry with id '{_options.AccountId}'");
                picked.Add(image);
            }

            selected = picked.Distinct();
        }

        var tagStatus = (body["filter"] as JsonObject)?.Str("tagStatus") ?? "ANY";
        var matching = selected.Where(i => tagStatus == "ANY" || (tagStatus == "TAGGED") == (i.Tags.Count > 0)).ToList();
        var start = JsonWire.FromToken(body.Str("nextToken"), "InvalidParameterException");
        var page = matching.Skip(start).Take(Math.Min(body.Int("maxResults") ?? 100, ImagesPageSize)).ToList();
        var answer = new JsonObject
        {
            ["imageDetails"] = new JsonArray(page.Select(i => (JsonNode)new JsonObject
            {
                ["registryId"] = _options.AccountId,
                ["repositoryName"] = name,
                ["imageDigest"] = i.Digest,
                ["imageTags"] = i.Tags.Count == 0 ? null : new JsonArray(i.Tags.Select(t => (JsonNode)t).ToArray()),
                ["imageSizeInBytes"] = 52_428_800,
                ["imagePushedAt"] = JsonWire.Epoch(i.PushedAt),
                ["imageManifestMediaType"] = "application/vnd.oci.image.index.v1+json",
            }).ToArray()),
        };
        if (start + page.Count < matching.Count)
        {
            answer["nextToken"] = JsonWire.Token(start + page.Count);
        }

        return answer;
    }
}

internal sealed record FakeEcrImage(string Digest, List<string> Tags, DateTime PushedAt, List<string> Platforms, string Manifest);
