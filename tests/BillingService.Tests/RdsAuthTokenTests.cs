using System.Security.Cryptography;
using System.Text;
using Amazon.Runtime;
using AwesomeAssertions;
using Platform.ServiceDefaults.Database.Credentials;

namespace Platform.BillingService.Tests;

/// <summary>
/// The RDS IAM token has the shape `aws rds generate-db-auth-token` prints (AWS CLI reference, rds generate-db-auth-token:
/// <c>host:port/?Action=connect&amp;DBUser=…&amp;X-Amz-Algorithm=AWS4-HMAC-SHA256&amp;X-Amz-Credential=…%2Frds-db%2Faws4_request&amp;X-Amz-Date=…&amp;X-Amz-Expires=900&amp;X-Amz-SignedHeaders=host&amp;X-Amz-Signature=…</c>),
/// and its signature is the one SigV4 defines for a presigned GET (AWS IAM User Guide, "Create a signed AWS API request",
/// query-string authentication), recomputed here independently of the SDK.
/// </summary>
public sealed class RdsAuthTokenTests
{
    private const string Host = "prod-db.abcdefghijkl.eu-west-1.rds.amazonaws.com";
    private const string AccessKey = "AKIAIOSFODNN7EXAMPLE";
    private const string SecretKey = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    private static readonly DateTime SignedAt = new(2026, 12, 1, 10, 30, 0, DateTimeKind.Utc);

    [Fact]
    public void Token_is_a_presigned_connect_request_without_the_scheme_valid_15_minutes()
    {
        var token = RdsAuthToken.Create(Host, 5432, "billing_service", "eu-west-1", new ImmutableCredentials(AccessKey, SecretKey, null), SignedAt);

        token.Should().StartWith($"{Host}:5432/?");
        var query = Query(token);
        query.Keys.Should().BeEquivalentTo("Action", "DBUser", "X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Date", "X-Amz-Expires", "X-Amz-SignedHeaders", "X-Amz-Signature");
        query["Action"].Should().Be("connect");
        query["DBUser"].Should().Be("billing_service");
        query["X-Amz-Algorithm"].Should().Be("AWS4-HMAC-SHA256");
        query["X-Amz-Credential"].Should().Be($"{AccessKey}%2F20261201%2Feu-west-1%2Frds-db%2Faws4_request");
        query["X-Amz-Date"].Should().Be("20261201T103000Z");
        query["X-Amz-Expires"].Should().Be("900");
        query["X-Amz-SignedHeaders"].Should().Be("host");
        query["X-Amz-Signature"].Should().Be(ExpectedSignature(token, SecretKey, "eu-west-1"));
    }

    [Fact]
    public void Session_credentials_put_their_token_into_the_signed_query()
    {
        var token = RdsAuthToken.Create(Host, 5432, "auth_service", "eu-west-1", new ImmutableCredentials(AccessKey, SecretKey, "session/token+="), SignedAt);

        var query = Query(token);
        Uri.UnescapeDataString(query["X-Amz-Security-Token"]).Should().Be("session/token+=");
        query["X-Amz-Signature"].Should().Be(ExpectedSignature(token, SecretKey, "eu-west-1"));
    }

    [Fact]
    public void A_different_user_or_instant_signs_differently()
    {
        var credentials = new ImmutableCredentials(AccessKey, SecretKey, null);
        var billing = Query(RdsAuthToken.Create(Host, 5432, "billing_service", "eu-west-1", credentials, SignedAt))["X-Amz-Signature"];

        Query(RdsAuthToken.Create(Host, 5432, "auth_service", "eu-west-1", credentials, SignedAt))["X-Amz-Signature"].Should().NotBe(billing);
        Query(RdsAuthToken.Create(Host, 5432, "billing_service", "eu-west-1", credentials, SignedAt.AddSeconds(1)))["X-Amz-Signature"].Should().NotBe(billing);
    }

    private static Dictionary<string, string> Query(string token) =>
        token[(token.IndexOf('?', StringComparison.Ordinal) + 1)..].Split('&').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);

    /// <summary>SigV4 by the spec: canonical request (signed header host, empty payload), string to sign, derived key.</summary>
    private static string ExpectedSignature(string token, string secretKey, string region)
    {
        var hostAndPort = token[..token.IndexOf('/', StringComparison.Ordinal)];
        var query = Query(token);
        var date = query["X-Amz-Date"];
        var canonicalQuery = string.Join('&', query.Where(p => p.Key != "X-Amz-Signature")
            .Select(p => (Key: Uri.EscapeDataString(p.Key), Value: Uri.EscapeDataString(Uri.UnescapeDataString(p.Value))))
            .OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"));
        var canonicalRequest = $"GET\n/\n{canonicalQuery}\nhost:{hostAndPort}\n\nhost\n{Hex(SHA256.HashData([]))}";
        var scope = $"{date[..8]}/{region}/rds-db/aws4_request";
        var stringToSign = $"AWS4-HMAC-SHA256\n{date}\n{scope}\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest)))}";
        var key = Encoding.UTF8.GetBytes("AWS4" + secretKey);
        foreach (var part in new[] { date[..8], region, "rds-db", "aws4_request" })
        {
            key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(part));
        }

        return Hex(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(stringToSign)));
    }

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}
