using System.Text.Json;
using Microsoft.IdentityModel.Tokens;

namespace Platform.AuthService.Tokens;

/// <summary>
/// JWT_PREVIOUS_PUBLIC_KEYS: public keys still published after a rotation, so tokens signed before it stay verifiable
/// until they expire. The value is a JWKS document — the body of the old <c>/auth/.well-known/jwks.json</c> can be
/// pasted as it is. Private members are refused: this variable is not treated as a secret.
/// </summary>
internal static class PreviousKeys
{
    public const string Variable = "JWT_PREVIOUS_PUBLIC_KEYS";

    private static readonly string[] PrivateMembers = ["d", "p", "q", "dp", "dq", "qi", "oth"];

    public static IReadOnlyList<PublicJwk> Parse(string? json, string? currentKeyId, out string? error)
    {
        error = null;
        if (string.IsNullOrWhiteSpace(json))
        {
            return [];
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            var keys = document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("keys", out var array)
                ? array
                : document.RootElement;
            if (keys.ValueKind != JsonValueKind.Array)
            {
                error = $"{Variable} must be a JWKS document {{\"keys\":[...]}} of RSA public keys";
                return [];
            }

            var result = new List<PublicJwk>();
            foreach (var key in keys.EnumerateArray())
            {
                if (ReadKey(key, out var jwk) is { } keyError)
                {
                    error = $"{Variable}: {keyError}";
                    return [];
                }

                if (jwk!.Kid == currentKeyId || result.Any(k => k.Kid == jwk.Kid))
                {
                    error = $"{Variable}: key id '{jwk.Kid}' appears twice (previous keys need their own kid, not {JwtOptions.KeyIdVariable}'s)";
                    return [];
                }

                result.Add(jwk);
            }

            return result;
        }
        catch (JsonException)
        {
            error = $"{Variable} is not valid JSON (expected a JWKS document {{\"keys\":[...]}})";
            return [];
        }
    }

    private static string? ReadKey(JsonElement key, out PublicJwk? jwk)
    {
        jwk = null;
        if (key.ValueKind != JsonValueKind.Object)
        {
            return "every key must be a JSON object";
        }

        if (PrivateMembers.Any(name => key.TryGetProperty(name, out _)))
        {
            return "a key contains private key material; publish public keys only";
        }

        var kid = Text(key, "kid");
        if (Text(key, "kty") != "RSA" || string.IsNullOrWhiteSpace(kid))
        {
            return "every key needs \"kty\":\"RSA\" and a \"kid\"";
        }

        var n = Text(key, "n");
        var e = Text(key, "e");
        byte[] modulus;
        try
        {
            modulus = Base64UrlEncoder.DecodeBytes(n ?? string.Empty);
            _ = Base64UrlEncoder.DecodeBytes(e ?? string.Empty);
        }
        catch (Exception exception) when (exception is FormatException or ArgumentException)
        {
            return $"key '{kid}' has an \"n\" or \"e\" that is not base64url";
        }

        var bits = modulus.SkipWhile(b => b == 0).Count() * 8;
        if (string.IsNullOrEmpty(e) || bits < JwtOptions.MinKeyBits)
        {
            return $"key '{kid}' is not an RSA key of at least {JwtOptions.MinKeyBits} bits";
        }

        jwk = new PublicJwk("RSA", "sig", SecurityAlgorithms.RsaSha256, kid, n!, e);
        return null;
    }

    private static string? Text(JsonElement key, string name) =>
        key.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
