using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Platform.ServiceDefaults.Authentication;

/// <summary>
/// Bearer tokens from auth-service: RS256 only, signed by a key from auth's JWKS, with our issuer and audience, inside
/// their lifetime. ASP.NET's JwtBearer handler reads keys from an OpenID discovery document and refreshes them only
/// after a failed request; auth publishes a bare JWKS and a rotated key must work on its first request, hence this
/// small handler over the same token library.
/// </summary>
public sealed class JwtBearerHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions,
    ILoggerFactory logger,
    UrlEncoder encoder,
    JwksKeyCache keys,
    IOptions<JwtValidationOptions> validation)
    : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, logger, encoder)
{
    public const string SchemeName = "Bearer";

    // Stateless and thread-safe; MapInboundClaims is off by default, so "sub" stays "sub".
    private static readonly JsonWebTokenHandler Tokens = new();

    private string? _failure;

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string authorization = Request.Headers.Authorization.ToString();
        if (string.IsNullOrEmpty(authorization))
        {
            return AuthenticateResult.NoResult();
        }

        // Parsed once: the key id picks the keys and the same parsed token is validated.
        if (!authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || Read(authorization[7..].Trim()) is not { } token)
        {
            return Fail("The Authorization header does not hold a bearer token.");
        }

        var settings = validation.Value;
        var result = await Tokens.ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = settings.Issuer,
            ValidAudience = settings.Audience,
            // Only RS256: "none" and HS256-keyed-with-the-public-key tokens fail here whatever the key set holds.
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
            IssuerSigningKeys = await keys.GetKeysAsync(token.Kid ?? "", Context.RequestAborted),
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            ValidateLifetime = true,
            ValidateIssuerSigningKey = true,
            ClockSkew = settings.ClockSkew,
        });
        if (!result.IsValid)
        {
            return Fail(result.Exception switch
            {
                SecurityTokenExpiredException => "The token has expired.",
                SecurityTokenNotYetValidException => "The token is not valid yet.",
                _ => "The token is not valid.",
            });
        }

        var principal = new ClaimsPrincipal(result.ClaimsIdentity);
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    /// <summary>401 as a problem document, with the RFC 6750 challenge header.</summary>
    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = _failure is null
            ? "Bearer"
            : $"Bearer error=\"invalid_token\", error_description=\"{_failure}\"";
        await TypedResults.Problem(
                statusCode: StatusCodes.Status401Unauthorized,
                title: "Sign in required",
                detail: _failure ?? "Send a bearer token from POST /auth/login in the Authorization header.")
            .ExecuteAsync(Context);
    }

    /// <summary>The parsed token, or null when it is not a JWS at all.</summary>
    private static JsonWebToken? Read(string token)
    {
        // CanReadToken only counts the dots: "not.a.jwt" passes it and then fails to parse.
        if (!Tokens.CanReadToken(token))
        {
            return null;
        }

        try
        {
            return Tokens.ReadJsonWebToken(token);
        }
        catch (ArgumentException)
        {
            // SecurityTokenMalformedException derives from ArgumentException.
            return null;
        }
    }

    private AuthenticateResult Fail(string reason)
    {
        _failure = reason;
        return AuthenticateResult.Fail(reason);
    }
}
