using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.IdentityModel.Tokens;

namespace Platform.AuthService.Tests;

/// <summary>JWKS documents for JWT_PREVIOUS_PUBLIC_KEYS, written independently of the service's own code.</summary>
internal static class Jwks
{
    public static string Of(RSA key, string kid, bool includePrivate = false)
    {
        var p = key.ExportParameters(includePrivate);
        var jwk = new Dictionary<string, string>
        {
            ["kty"] = "RSA",
            ["use"] = "sig",
            ["alg"] = "RS256",
            ["kid"] = kid,
            ["n"] = Base64UrlEncoder.Encode(p.Modulus),
            ["e"] = Base64UrlEncoder.Encode(p.Exponent),
        };
        if (includePrivate)
        {
            jwk["d"] = Base64UrlEncoder.Encode(p.D);
        }

        return JsonSerializer.Serialize(new { keys = new[] { jwk } });
    }
}
