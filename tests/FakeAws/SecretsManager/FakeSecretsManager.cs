using System.Security.Cryptography;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Platform.FakeAws;

/// <summary>
/// Secrets Manager: GetSecretValue and PutSecretValue on secrets a test seeds or a fake stack creates (an
/// AWS::SecretsManager::Secret resource gets a random placeholder, as GenerateSecretString does). Each put adds a version
/// that becomes AWSCURRENT; a repeated ClientRequestToken with the same value adds nothing, with another value it fails.
/// </summary>
public sealed partial class FakeSecretsManager
{
    private const string NotFound = "Secrets Manager can't find the specified secret.";

    private readonly FakeAwsOptions _options;
    private readonly FakeClock _clock;
    private readonly Lock _gate;
    private readonly Dictionary<string, FakeSecret> _secrets = new(StringComparer.Ordinal);

    internal FakeSecretsManager(FakeAwsOptions options, FakeClock clock, Lock gate)
    {
        _options = options;
        _clock = clock;
        _gate = gate;
    }

    /// <summary>Creates (or replaces) the secret <paramref name="name"/> with one version holding <paramref name="value"/>; returns its ARN.</summary>
    public string Seed(string name, string value)
    {
        lock (_gate)
        {
            // Real ARNs end in '-' and six random characters; clients must not build them from the name.
            var arn = $"arn:aws:secretsmanager:{_options.Region}:{_options.AccountId}:secret:{name}-{RandomText(6)}";
            var secret = new FakeSecret(name, arn);
            secret.Versions.Add(new FakeSecretVersion(Guid.NewGuid().ToString(), value, _clock.Next()));
            _secrets[name] = secret;
            return arn;
        }
    }

    /// <summary>Deletes the secret (as if someone deleted it by hand); the next read answers ResourceNotFoundException.</summary>
    public bool Remove(string name)
    {
        lock (_gate)
        {
            return _secrets.Remove(name);
        }
    }

    /// <summary>The AWSCURRENT value, or null when there is no such secret.</summary>
    public string? Value(string name)
    {
        lock (_gate)
        {
            return _secrets.TryGetValue(name, out var secret) ? secret.Current.Value : null;
        }
    }

    /// <summary>How many versions the secret has (1 after a seed or stack create; each effective put adds one); 0 when it does not exist.</summary>
    public int VersionCount(string name)
    {
        lock (_gate)
        {
            return _secrets.TryGetValue(name, out var secret) ? secret.Versions.Count : 0;
        }
    }

    public string? Arn(string name)
    {
        lock (_gate)
        {
            return _secrets.GetValueOrDefault(name)?.Arn;
        }
    }

    /// <summary>A stack created an AWS::SecretsManager::Secret: its Name (with ${Parameter}s filled in) holds a 32-character placeholder.</summary>
    internal void CreateFromTemplate(FakeTemplateResource resource, IReadOnlyDictionary<string, string> parameters)
    {
        var name = NameProperty().Match(resource.Definition) is { Success: true } match
            ? ParameterReference().Replace(match.Groups["name"].Value.Trim(), p => parameters.GetValueOrDefault(p.Groups[1].Value, p.Value))
            : $"{resource.LogicalId}-{RandomText(12)}";
        Seed(name, RandomText(32));
    }

    internal JsonObject Handle(string operation, JsonObject body) => operation switch
    {
        "GetSecretValue" => GetSecretValue(body),
        "PutSecretValue" => PutSecretValue(body),
        _ => throw new FakeAwsException("UnknownOperationException", $"Unknown operation {operation}"),
    };

    private JsonObject GetSecretValue(JsonObject body)
    {
        var secret = Find(body);
        var current = secret.Current;
        return new JsonObject
        {
            ["ARN"] = secret.Arn,
            ["Name"] = secret.Name,
            ["VersionId"] = current.Id,
            ["SecretString"] = current.Value,
            ["VersionStages"] = new JsonArray("AWSCURRENT"),
            ["CreatedDate"] = JsonWire.Epoch(current.Created),
        };
    }

    private JsonObject PutSecretValue(JsonObject body)
    {
        var secret = Find(body);
        var value = body.Str("SecretString")
            ?? throw new FakeAwsException("InvalidParameterException", "You must provide either SecretString or SecretBinary.");
        if (value.Length > 65_536)
        {
            throw new FakeAwsException("InvalidParameterException", "SecretString exceeds the maximum length of 65536.");
        }

        // The SDKs always send a token; a raw request without one could not be retried safely, so the fake insists.
        var token = body.Str("ClientRequestToken");
        if (token is null || token.Length is < 32 or > 64)
        {
            throw new FakeAwsException("InvalidParameterException", "ClientRequestToken must be 32 to 64 characters (a UUID).");
        }

        var existing = secret.Versions.FirstOrDefault(v => v.Id == token);
        if (existing is null)
        {
            secret.Versions.Add(new FakeSecretVersion(token, value, _clock.Next()));
        }
        else if (existing.Value != value)
        {
            throw new FakeAwsException("ResourceExistsException", "You can't modify an existing version, you can only create a new version.");
        }

        return new JsonObject
        {
            ["ARN"] = secret.Arn,
            ["Name"] = secret.Name,
            ["VersionId"] = token,
            ["VersionStages"] = new JsonArray("AWSCURRENT"),
        };
    }

    private FakeSecret Find(JsonObject body)
    {
        var id = body.Str("SecretId")
            ?? throw new FakeAwsException("ValidationException", "1 validation error detected: Value null at 'secretId' failed to satisfy constraint: Member must not be null");
        return _secrets.Values.FirstOrDefault(s => s.Name == id || s.Arn == id)
            ?? throw new FakeAwsException("ResourceNotFoundException", NotFound);
    }

    private static string RandomText(int length) =>
        RandomNumberGenerator.GetString("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", length);

    // "Name: !Sub ${EnvironmentName}/platform/jwt-signing-key" or "Name: dev/x" in the resource's definition text.
    [GeneratedRegex(@"^\s*Name:\s*(?:!Sub\s+)?['""]?(?<name>[^'""\r\n]+?)['""]?\s*$", RegexOptions.Multiline)]
    private static partial Regex NameProperty();

    [GeneratedRegex(@"\$\{([A-Za-z0-9]+)\}")]
    private static partial Regex ParameterReference();
}

internal sealed class FakeSecret(string name, string arn)
{
    public string Name { get; } = name;
    public string Arn { get; } = arn;
    public List<FakeSecretVersion> Versions { get; } = [];
    public FakeSecretVersion Current => Versions[^1];
}

internal sealed record FakeSecretVersion(string Id, string Value, DateTime Created);
