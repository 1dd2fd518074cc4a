using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Platform.FakeAws;

/// <summary>ECR: an authorization token for a registry the test chooses, and repositories of images for DescribeImages.</summary>
public sealed class FakeEcr
{
    private readonly FakeAwsOptions _options;
    private readonly FakeClock _clock;
    private readonly Lock _gate;
    private readonly Dictionary<string, List<FakeEcrImage>> _repositories = new(StringComparer.Ordinal);

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

    /// <summary>Adds an image with these tags (creating the repository); returns its digest.</summary>
    public string AddImage(string repositoryName, params string[] tags)
    {
        lock (_gate)
        {
            var images = _repositories.TryGetValue(repositoryName, out var list) ? list : _repositories[repositoryName] = [];
            var digest = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(repositoryName + string.Join(',', tags) + images.Count)));
            foreach (var image in images)
            {
                image.Tags.RemoveAll(tags.Contains); // a tag moves to the newest image, as in a registry
            }

            images.Add(new FakeEcrImage(digest, [.. tags], _clock.Next()));
            return digest;
        }
    }

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

internal sealed record FakeEcrImage(string Digest, List<string> Tags, DateTime PushedAt);
