using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Platform.Testing.Tokens;

/// <summary>
/// The signing key and token shapes the tests use: the same key is auth-service's JWT_PRIVATE_KEY in the tests and is
/// published by <see cref="JwksServer"/>, so a token from auth and a token from here are interchangeable.
/// </summary>
public static class TestJwt
{
    public const string Issuer = "https://test.platform/auth";
    public const string Audience = "test-platform-api";
    public const string KeyId = "test-key-1";

    private static readonly RSA Key = RSA.Create(2048);

    /// <summary>Same key id, different key: what an attacker's self-signed token looks like.</summary>
    private static readonly RSA ForeignKey = RSA.Create(2048);

    public static string PrivateKeyPem { get; } = Key.ExportPkcs8PrivateKeyPem();

    public static RSAParameters PublicKey { get; } = Key.ExportParameters(includePrivateParameters: false);

    /// <summary>A valid token for <paramref name="user"/>, as auth-service would issue it.</summary>
    public static string Issue(Guid user, string? email = null) => Sign(Header(), Claims(user, email), Key);

    /// <summary>A token signed with <paramref name="key"/> under <paramref name="keyId"/> (for key-rotation tests).</summary>
    public static string Issue(Guid user, RSA key, string keyId)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Sign(Header(keyId), Claims(user, null), key);
    }

    /// <summary>
    /// The token matrix: every way a bearer token can be wrong that a validator must catch. Each must get a 401 on every
    /// protected endpoint. The subject is <paramref name="user"/> so a wrong pass would show that user's data.
    /// </summary>
    public static IReadOnlyList<(string Name, string Token)> InvalidTokens(Guid user)
    {
        var now = DateTimeOffset.UtcNow;
        var valid = Issue(user);
        return
        [
            ("alg none", Unsigned(Header(alg: "none"), Claims(user, null))),
            ("wrong key", Sign(Header(), Claims(user, null), ForeignKey)),
            ("HS256 signed with the public key", HmacWithPublicKey(Claims(user, null))),
            ("expired", Sign(Header(), Claims(user, null, notBefore: now.AddHours(-2), expires: now.AddHours(-1)), Key)),
            ("not yet valid", Sign(Header(), Claims(user, null, notBefore: now.AddHours(1), expires: now.AddHours(2)), Key)),
            ("wrong issuer", Sign(Header(), Claims(user, null, issuer: "https://evil.example/auth"), Key)),
            ("wrong audience", Sign(Header(), Claims(user, null, audience: "another-api"), Key)),
            ("edited payload", EditPayload(valid, Guid.NewGuid())),
            ("no expiry", Sign(Header(), WithoutExpiry(Claims(user, null)), Key)),
            ("garbage", "not.a.jwt"),
        ];
    }

    /// <summary>The matrix's row names, for <c>[MemberData]</c>.</summary>
    public static TheoryData<string> InvalidTokenNames => [.. InvalidTokens(Guid.Empty).Select(token => token.Name)];

    private static JsonObject Header(string keyId = KeyId, string alg = "RS256") => new() { ["alg"] = alg, ["typ"] = "JWT", ["kid"] = keyId };

    private static JsonObject Claims(
        Guid user, string? email, DateTimeOffset? notBefore = null, DateTimeOffset? expires = null, string issuer = Issuer, string audience = Audience)
    {
        var now = DateTimeOffset.UtcNow;
        var claims = new JsonObject
        {
            ["iss"] = issuer,
            ["aud"] = audience,
            ["sub"] = user.ToString(),
            ["iat"] = now.ToUnixTimeSeconds(),
            ["nbf"] = (notBefore ?? now).ToUnixTimeSeconds(),
            ["exp"] = (expires ?? now.AddMinutes(15)).ToUnixTimeSeconds(),
            ["jti"] = Guid.NewGuid().ToString(),
        };
        if (email is not null)
        {
            claims["email"] = email;
        }

        return claims;
    }

    private static JsonObject WithoutExpiry(JsonObject claims)
    {
        claims.Remove("exp");
        return claims;
    }

    private static string Sign(JsonObject header, JsonObject claims, RSA key)
    {
        var signingInput = SigningInput(header, claims);
        var signature = key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return signingInput + "." + Base64Url(signature);
    }

    private static string Unsigned(JsonObject header, JsonObject claims) => SigningInput(header, claims) + ".";

    /// <summary>The classic algorithm-confusion attack: HS256 keyed with the RSA public key a validator might reuse as a secret.</summary>
    private static string HmacWithPublicKey(JsonObject claims)
    {
        var signingInput = SigningInput(Header(alg: "HS256"), claims);
        var secret = Encoding.ASCII.GetBytes(Key.ExportSubjectPublicKeyInfoPem());
        return signingInput + "." + Base64Url(HMACSHA256.HashData(secret, Encoding.ASCII.GetBytes(signingInput)));
    }

    /// <summary>Swaps the subject of a validly signed token, keeping the original signature.</summary>
    private static string EditPayload(string token, Guid otherUser)
    {
        var parts = token.Split('.');
        var claims = JsonNode.Parse(System.Buffers.Text.Base64Url.DecodeFromChars(parts[1]))!.AsObject();
        claims["sub"] = otherUser.ToString();
        return $"{parts[0]}.{Base64Url(JsonSerializer.SerializeToUtf8Bytes(claims))}.{parts[2]}";
    }

    private static string SigningInput(JsonObject header, JsonObject claims) =>
        Base64Url(JsonSerializer.SerializeToUtf8Bytes(header)) + "." + Base64Url(JsonSerializer.SerializeToUtf8Bytes(claims));

    private static string Base64Url(byte[] bytes) => System.Buffers.Text.Base64Url.EncodeToString(bytes);
}
