using System.Globalization;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Platform.AuthService.Tokens;

/// <summary>
/// Access tokens as the team contract fixes them: header {alg RS256, typ JWT, kid}; claims iss, aud (one string), sub
/// (user id, lower-case "D" GUID), email, iat, nbf, exp (15 min), jti.
/// </summary>
internal sealed class TokenIssuer(SigningKey key, IOptions<JwtOptions> options, TimeProvider clock)
{
    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };

    public string Issue(Guid userId, string email)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = options.Value.Issuer,
            Audience = options.Value.Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + JwtOptions.Lifetime,
            SigningCredentials = key.Credentials,
            Claims = new Dictionary<string, object>
            {
                [JwtRegisteredClaimNames.Sub] = userId.ToString("D", CultureInfo.InvariantCulture),
                [JwtRegisteredClaimNames.Email] = email,
                [JwtRegisteredClaimNames.Jti] = Guid.NewGuid().ToString("D", CultureInfo.InvariantCulture),
            },
        });
    }
}
