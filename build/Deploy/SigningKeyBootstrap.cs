using System.Security.Cryptography;
using Amazon.Runtime;
using Amazon.SecretsManager;
using Amazon.SecretsManager.Model;
using BuildCore;

namespace Platform.Build.Deploy;

/// <summary>
/// Puts auth-service's JWT signing key (JWT_PRIVATE_KEY) into the secret the stack creates: CloudFormation can only
/// fill it with a random placeholder, and auth-service refuses to start without a PEM RSA private key of at least 2048 bits.
/// A secret that already holds such a key is never overwritten. Key material is handed to <c>addSecret</c> (the build's
/// redaction) before anything else happens with it, and no message ever includes a secret's value.
/// </summary>
public sealed class SigningKeyBootstrap(IAmazonSecretsManager secrets, TextWriter log, Action<string> addSecret, Func<string>? newKeyPem = null)
{
    /// <summary>auth-service's own floor (services/auth-service/Tokens/JwtOptions.cs).</summary>
    public const int MinimumBits = 2048;

    /// <summary>What a new key gets: above the floor, so the key outlives the floor being raised.</summary>
    public const int GeneratedBits = 3072;

    /// <summary>The secret's name for an environment: the template's JwtSigningKeySecret (Name: ${EnvironmentName}/platform/jwt-signing-key).</summary>
    public static string SecretName(string environment) => $"{environment}/platform/jwt-signing-key";

    /// <summary>
    /// Reads the secret and stores a new RSA-3072 key when it holds no usable one. <paramref name="checkOnly"/> (a
    /// --change-set-only run) reports what a deploy would do and writes nothing. Throws <see cref="BuildException"/> naming the
    /// secret and the stack when the secret does not exist.
    /// </summary>
    public async Task EnsureAsync(string secretId, string stackName, bool checkOnly, CancellationToken cancellationToken)
    {
        GetSecretValueResponse current;
        try
        {
            current = await secrets.GetSecretValueAsync(new GetSecretValueRequest { SecretId = secretId }, cancellationToken);
        }
        catch (AmazonServiceException e) when (e.ErrorCode == "ResourceNotFoundException")
        {
            throw new BuildException(
                $"Secret {secretId} (auth-service's JWT_PRIVATE_KEY) does not exist, but stack {stackName} should have created it " +
                "(resource JwtSigningKeySecret). Check that --env, --stack-name and --region name this environment's stack, and that " +
                "the stack was deployed from the current cloudformation/microserviceplatform.yaml. The ECS services were not created or " +
                "changed, so no task could start without its key; the rest of the stack is as it was before this step.", e);
        }

        var value = current.SecretString ?? "";
        Redact(value);
        var check = SigningKeyCheck.Of(value);
        if (check.IsUsable)
        {
            log.WriteLine($"JWT signing key: secret {secretId} holds an RSA-{check.KeySize} key; left as is.");
            return;
        }

        if (checkOnly)
        {
            log.WriteLine($"--change-set-only: secret {secretId} holds {check.Problem}; a deploy without --change-set-only stores a new RSA-{GeneratedBits} signing key there.");
            return;
        }

        var pem = (newKeyPem ?? NewKeyPem)();
        Redact(pem);
        await secrets.PutSecretValueAsync(new PutSecretValueRequest
        {
            SecretId = current.ARN ?? secretId,
            SecretString = pem,
            // One token for this value: a retry of the same request cannot add a second version.
            ClientRequestToken = Guid.NewGuid().ToString(),
        }, cancellationToken);

        var previous = check.IsPlaceholder ? "" : $" Its previous value ({check.Problem}) stays as version AWSPREVIOUS.";
        log.WriteLine($"Stored a new RSA-{GeneratedBits} signing key in secret {secretId} (auth-service's JWT_PRIVATE_KEY; the value is never printed).{previous}");
    }

    /// <summary>A new RSA-<see cref="GeneratedBits"/> key as PKCS#8 PEM, the form auth-service reads.</summary>
    public static string NewKeyPem()
    {
        using var rsa = RSA.Create(GeneratedBits);
        return rsa.ExportPkcs8PrivateKeyPem();
    }

    /// <summary>Redaction works line by line, so a multi-line PEM is registered whole and line by line.</summary>
    void Redact(string value)
    {
        if (value.Length == 0)
            return;
        addSecret(value);
        foreach (var line in value.Split(['\r', '\n', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            // PEM armour lines are public knowledge; masking them would only garble unrelated output.
            if (line.Length >= 16 && !line.StartsWith("-----", StringComparison.Ordinal))
                addSecret(line);
        }
    }
}
