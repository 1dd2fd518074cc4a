using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Platform.ServiceDefaults.Configuration;

namespace Platform.ServiceDefaults.Authentication;

/// <summary>What a token must carry to be accepted, and where auth's public keys are.</summary>
public sealed class JwtValidationOptions
{
    /// <summary>AUTH_JWKS_URL. Plain http is allowed: inside the VPC and locally auth is reached over its private address.</summary>
    public string? JwksUrl { get; set; }

    public string? Issuer { get; set; }

    public string? Audience { get; set; }

    /// <summary>Tolerated clock difference between auth's tasks and ours.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Keys are re-read this often even when every kid is known, so a withdrawn key stops working.</summary>
    public TimeSpan KeysLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// At most one fetch per this interval for an unknown kid: tokens with made-up key ids must not turn every request
    /// into a request to auth.
    /// </summary>
    public TimeSpan MinimumRefreshInterval { get; set; } = TimeSpan.FromSeconds(5);

    internal static void Bind(JwtValidationOptions options, IConfiguration configuration)
    {
        options.JwksUrl = configuration[EnvironmentVariables.AuthJwksUrl];
        options.Issuer = configuration[EnvironmentVariables.JwtIssuer];
        options.Audience = configuration[EnvironmentVariables.JwtAudience];
    }
}

internal sealed class JwtValidationOptionsValidator : IValidateOptions<JwtValidationOptions>
{
    public ValidateOptionsResult Validate(string? name, JwtValidationOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.JwksUrl))
        {
            failures.Add($"{EnvironmentVariables.AuthJwksUrl} is required");
        }
        else if (!Uri.TryCreate(options.JwksUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            failures.Add($"{EnvironmentVariables.AuthJwksUrl} must be an absolute http(s) URL (got '{options.JwksUrl}')");
        }

        if (string.IsNullOrWhiteSpace(options.Issuer))
        {
            failures.Add($"{EnvironmentVariables.JwtIssuer} is required");
        }

        if (string.IsNullOrWhiteSpace(options.Audience))
        {
            failures.Add($"{EnvironmentVariables.JwtAudience} is required");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
