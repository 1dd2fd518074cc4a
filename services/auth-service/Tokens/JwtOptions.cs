using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Platform.ServiceDefaults.Configuration;

namespace Platform.AuthService.Tokens;

/// <summary>The signing key and the claims every token carries (JWT_* variables; the key comes from Secrets Manager in AWS).</summary>
public sealed class JwtOptions
{
    public const string PrivateKeyVariable = EnvironmentVariables.JwtPrivateKey;
    public const string KeyIdVariable = EnvironmentVariables.JwtKeyId;
    public const string IssuerVariable = EnvironmentVariables.JwtIssuer;
    public const string AudienceVariable = EnvironmentVariables.JwtAudience;

    public const int MinKeyBits = 2048;

    /// <summary>Access tokens are short-lived; there is no refresh token, the client signs in again.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(15);

    public string? PrivateKeyPem { get; set; }

    public string? KeyId { get; set; }

    public string? Issuer { get; set; }

    public string? Audience { get; set; }

    /// <summary>Optional JWKS of keys retired by a rotation (see <see cref="PreviousKeys"/>).</summary>
    public string? PreviousPublicKeys { get; set; }

    internal static void Bind(JwtOptions options, IConfiguration configuration)
    {
        options.PrivateKeyPem = configuration[PrivateKeyVariable];
        options.KeyId = configuration[KeyIdVariable];
        options.Issuer = configuration[IssuerVariable];
        options.Audience = configuration[AudienceVariable];
        options.PreviousPublicKeys = configuration[PreviousKeys.Variable];
    }

    /// <summary>
    /// The RSA private key, or a message saying why not. The message never contains the value: it is a secret, and
    /// the start-up error line goes to the task's log.
    /// </summary>
    internal static RSA? TryLoadKey(string? pem, out string? error)
    {
        error = null;
        if (string.IsNullOrWhiteSpace(pem))
        {
            error = $"{PrivateKeyVariable} is required";
            return null;
        }

        // An env file or console may turn the PEM's line breaks into literal "\n": accept that form too.
        if (!pem.Contains('\n', StringComparison.Ordinal))
        {
            pem = pem.Replace("\\n", "\n", StringComparison.Ordinal);
        }

        var rsa = RSA.Create();
        try
        {
            rsa.ImportFromPem(pem);
            _ = rsa.ExportParameters(includePrivateParameters: true);
        }
        catch (ArgumentException)
        {
            error = $"{PrivateKeyVariable} is not a PEM-encoded, unencrypted RSA private key (PKCS#8 or PKCS#1)";
        }
        catch (CryptographicException)
        {
            error = $"{PrivateKeyVariable} is not an RSA private key (a public key, another key type or a damaged PEM)";
        }

        if (error is null && rsa.KeySize < MinKeyBits)
        {
            error = $"{PrivateKeyVariable} is a {rsa.KeySize}-bit RSA key; at least {MinKeyBits} bits are required";
        }

        if (error is null)
        {
            return rsa;
        }

        rsa.Dispose();
        return null;
    }
}

internal sealed class JwtOptionsValidator : IValidateOptions<JwtOptions>
{
    public ValidateOptionsResult Validate(string? name, JwtOptions options)
    {
        var failures = new List<string>();
        using (var key = JwtOptions.TryLoadKey(options.PrivateKeyPem, out var error))
        {
            if (error is not null)
            {
                failures.Add(error);
            }
        }

        if (string.IsNullOrWhiteSpace(options.KeyId))
        {
            failures.Add($"{JwtOptions.KeyIdVariable} is required");
        }
        else if (options.KeyId.Length > 128 || !options.KeyId.All(c => c is > ' ' and < '\u007f'))
        {
            failures.Add($"{JwtOptions.KeyIdVariable} must be 1 to 128 printable ASCII characters without spaces (got '{options.KeyId}')");
        }

        if (string.IsNullOrWhiteSpace(options.Issuer))
        {
            failures.Add($"{JwtOptions.IssuerVariable} is required");
        }

        if (string.IsNullOrWhiteSpace(options.Audience))
        {
            failures.Add($"{JwtOptions.AudienceVariable} is required");
        }

        _ = PreviousKeys.Parse(options.PreviousPublicKeys, options.KeyId, out var previousError);
        if (previousError is not null)
        {
            failures.Add(previousError);
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
