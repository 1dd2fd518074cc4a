using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Platform.Testing.Tokens;

namespace Platform.UserService.Tests;

/// <summary>
/// A correctly signed, unexpired token whose subject is whatever the test says: TestJwt only issues GUID subjects, and
/// the profile endpoints must turn any other subject into a 401 rather than a 500 or someone's profile.
/// </summary>
internal static class SubjectTokens
{
    public static string WithSubject(string subject)
    {
        var now = DateTimeOffset.UtcNow;
        var header = new JsonObject { ["alg"] = "RS256", ["typ"] = "JWT", ["kid"] = TestJwt.KeyId };
        var claims = new JsonObject
        {
            ["iss"] = TestJwt.Issuer,
            ["aud"] = TestJwt.Audience,
            ["sub"] = subject,
            ["iat"] = now.ToUnixTimeSeconds(),
            ["nbf"] = now.ToUnixTimeSeconds(),
            ["exp"] = now.AddMinutes(15).ToUnixTimeSeconds(),
            ["jti"] = Guid.NewGuid().ToString(),
        };
        var signingInput = Encode(JsonSerializer.SerializeToUtf8Bytes(header)) + "." + Encode(JsonSerializer.SerializeToUtf8Bytes(claims));
        using var key = RSA.Create();
        key.ImportFromPem(TestJwt.PrivateKeyPem);
        var signature = key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return signingInput + "." + Encode(signature);
    }

    private static string Encode(byte[] bytes) => System.Buffers.Text.Base64Url.EncodeToString(bytes);
}
