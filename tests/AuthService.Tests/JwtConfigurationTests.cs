using System.Security.Cryptography;
using System.Text.Json;
using AwesomeAssertions;
using Platform.AuthService.Tokens;
using Platform.Testing;
using Platform.Testing.Tokens;

namespace Platform.AuthService.Tests;

/// <summary>A bad JWT_* setting stops the real process with one line naming it, and never prints key material.</summary>
public sealed class JwtConfigurationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string, string, string?, string> BadSettings
    {
        get
        {
            using var small = RSA.Create(1024);
            using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            using var rsa = RSA.Create(2048);
            return new()
            {
                { "missing key", JwtOptions.PrivateKeyVariable, null, "JWT_PRIVATE_KEY is required" },
                { "garbage key", JwtOptions.PrivateKeyVariable, "s3cr3t-garbage-not-a-key", "JWT_PRIVATE_KEY is not a PEM-encoded" },
                { "damaged PEM", JwtOptions.PrivateKeyVariable, TestJwt.PrivateKeyPem.Replace("M", "!", StringComparison.Ordinal), "JWT_PRIVATE_KEY is not" },
                { "public key only", JwtOptions.PrivateKeyVariable, rsa.ExportSubjectPublicKeyInfoPem(), "JWT_PRIVATE_KEY is not an RSA private key" },
                { "1024-bit key", JwtOptions.PrivateKeyVariable, small.ExportPkcs8PrivateKeyPem(), "JWT_PRIVATE_KEY is a 1024-bit RSA key; at least 2048 bits are required" },
                { "EC key", JwtOptions.PrivateKeyVariable, ec.ExportPkcs8PrivateKeyPem(), "JWT_PRIVATE_KEY is not an RSA private key" },
                {
                    "encrypted key", JwtOptions.PrivateKeyVariable,
                    rsa.ExportEncryptedPkcs8PrivateKeyPem("pw", new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 1000)),
                    "JWT_PRIVATE_KEY is not a PEM-encoded"
                },
                { "missing key id", JwtOptions.KeyIdVariable, null, "JWT_KEY_ID is required" },
                { "key id with a space", JwtOptions.KeyIdVariable, "key 1", "JWT_KEY_ID must be 1 to 128 printable ASCII characters" },
                { "missing issuer", JwtOptions.IssuerVariable, "", "JWT_ISSUER is required" },
                { "missing audience", JwtOptions.AudienceVariable, null, "JWT_AUDIENCE is required" },
                { "previous keys not JSON", "JWT_PREVIOUS_PUBLIC_KEYS", "-----BEGIN PUBLIC KEY-----", "JWT_PREVIOUS_PUBLIC_KEYS is not valid JSON" },
                { "previous keys not a JWKS", "JWT_PREVIOUS_PUBLIC_KEYS", """{"kid":"x"}""", "JWT_PREVIOUS_PUBLIC_KEYS must be a JWKS document" },
                { "previous key with private parts", "JWT_PREVIOUS_PUBLIC_KEYS", Jwks.Of(rsa, "old", includePrivate: true), "JWT_PREVIOUS_PUBLIC_KEYS: a key contains private key material" },
                { "previous key reuses the current kid", "JWT_PREVIOUS_PUBLIC_KEYS", Jwks.Of(rsa, TestJwt.KeyId), "JWT_PREVIOUS_PUBLIC_KEYS: key id 'test-key-1' appears twice" },
                { "previous key too small", "JWT_PREVIOUS_PUBLIC_KEYS", Jwks.Of(small, "old"), "JWT_PREVIOUS_PUBLIC_KEYS: key 'old' is not an RSA key of at least 2048 bits" },
            };
        }
    }

    [Theory]
    [MemberData(nameof(BadSettings))]
    public async Task Bad_jwt_setting_stops_the_service_with_one_line_and_no_key_material(string caseName, string variable, string? value, string expected)
    {
        var environment = AuthHost.Settings(
            "Host=127.0.0.1;Port=5432;Database=platform;Username=app;Password=pw-not-to-print", "http://127.0.0.1:4566", "http://127.0.0.1:4566/000000000000/events");
        environment[variable] = value;

        var result = await ServiceProcess.RunAsync(typeof(Program).Assembly.Location, environment, TimeSpan.FromSeconds(30), Ct);

        result.ExitCode.Should().Be(1, $"{caseName}: {result.StandardError}");
        var lines = result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Should().ContainSingle(caseName).Which.Should().StartWith("configuration error: " + expected);
        var output = result.StandardError + result.StandardOutput;
        output.Should().NotContain("   at ").And.NotContain("pw-not-to-print").And.NotContain("-----BEGIN").And.NotContain("s3cr3t");
        if (value?.Contains("\"d\"", StringComparison.Ordinal) == true)
        {
            output.Should().NotContain(JsonDocument.Parse(value).RootElement.GetProperty("keys")[0].GetProperty("d").GetString()!);
        }
        foreach (var pem in new[] { value, TestJwt.PrivateKeyPem }.Where(v => v is not null && v.Contains("-----BEGIN", StringComparison.Ordinal)))
        {
            // No line of the key's base64 body appears anywhere.
            foreach (var keyLine in pem!.Split('\n').Where(l => l.Length > 20 && !l.StartsWith("-----", StringComparison.Ordinal)))
            {
                output.Should().NotContain(keyLine.Trim(), caseName);
            }
        }
    }

    [Fact]
    public void A_pkcs1_key_and_a_key_with_escaped_line_breaks_are_accepted()
    {
        using var rsa = RSA.Create(2048);
        using (var pkcs1 = JwtOptions.TryLoadKey(rsa.ExportRSAPrivateKeyPem(), out var error))
        {
            error.Should().BeNull();
            pkcs1!.KeySize.Should().Be(2048);
        }

        using var escaped = JwtOptions.TryLoadKey(TestJwt.PrivateKeyPem.ReplaceLineEndings("\\n"), out var escapedError);
        escapedError.Should().BeNull();
        escaped.Should().NotBeNull();
    }
}
