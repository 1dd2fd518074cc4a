using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using AwesomeAssertions;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Platform.Testing;
using Platform.Testing.Tokens;

namespace Platform.AuthService.Tests;

[Trait("Category", "Integration")]
public sealed class KeyRotationTests(PlatformContainers containers)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Previous_public_keys_are_published_after_the_current_one_and_verify_tokens_signed_before_the_rotation()
    {
        using var retired = RSA.Create(2048);
        await using var host = await AuthHost.StartAsync(
            containers, Ct, settings: s => s["JWT_PREVIOUS_PUBLIC_KEYS"] = Jwks.Of(retired, "retired-key"));
        using var client = host.CreateClient();

        using var response = await client.GetAsync(new Uri("/auth/.well-known/jwks.json", UriKind.Relative), Ct);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var keys = (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("keys").EnumerateArray().ToList();

        keys.Select(k => k.GetProperty("kid").GetString()).Should().Equal(TestJwt.KeyId, "retired-key");
        keys.SelectMany(k => k.EnumerateObject().Select(p => p.Name)).Should().NotContain("d");
        var user = Guid.NewGuid();
        var oldToken = TestJwt.Issue(user, retired, "retired-key");
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(oldToken, new TokenValidationParameters
        {
            ValidIssuer = TestJwt.Issuer,
            ValidAudience = TestJwt.Audience,
            IssuerSigningKeys = keys.Select(k => new JsonWebKey(k.GetRawText())),
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
        });
        result.IsValid.Should().BeTrue(result.Exception?.Message);
        result.Claims["sub"].Should().Be(user.ToString());
    }
}
