using System.Security.Cryptography;

namespace Platform.Build.Deploy;

/// <summary>
/// Whether a secret's value is a key auth-service accepts: the same test as services/auth-service/Tokens/JwtOptions.cs
/// (ImportFromPem of an unencrypted RSA private key, PKCS#8 or PKCS#1, with literal "\n" accepted; at least 2048 bits).
/// </summary>
/// <param name="KeySize">The RSA key's size in bits; 0 when the value holds no RSA private key.</param>
/// <param name="Problem">Why it is not usable, without any of the value ("a 32-character placeholder"); null when usable.</param>
/// <param name="IsPlaceholder">No PEM at all: what CloudFormation's GenerateSecretString (or nothing) left there.</param>
public sealed record SigningKeyCheck(int KeySize, string? Problem, bool IsPlaceholder)
{
    public bool IsUsable => Problem is null;

    public static SigningKeyCheck Of(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (string.IsNullOrWhiteSpace(value))
            return new(0, "no value", true);
        var pem = value.Contains('\n', StringComparison.Ordinal) ? value : value.Replace("\\n", "\n", StringComparison.Ordinal);
        if (!pem.Contains("-----BEGIN", StringComparison.Ordinal))
            return new(0, $"a {value.Length}-character placeholder, not a PEM key", true);

        using var rsa = RSA.Create();
        try
        {
            rsa.ImportFromPem(pem);
            // A public key imports too; only a private key can sign.
            _ = rsa.ExportParameters(includePrivateParameters: true);
        }
        catch (ArgumentException)
        {
            return new(0, "a PEM that is not an unencrypted RSA private key", false);
        }
        catch (CryptographicException)
        {
            return new(0, "a PEM that is not an RSA private key: a public key, another key type or a damaged PEM", false);
        }

        return rsa.KeySize < SigningKeyBootstrap.MinimumBits
            ? new(rsa.KeySize, $"an RSA-{rsa.KeySize} key, below the {SigningKeyBootstrap.MinimumBits}-bit minimum", false)
            : new(rsa.KeySize, null, false);
    }
}
