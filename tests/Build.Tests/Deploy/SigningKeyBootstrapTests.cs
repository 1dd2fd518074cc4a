using Amazon.Runtime;
using Platform.Build.Aws;
using Platform.Build.Deploy;
using Platform.FakeAws;

namespace BuildTests.Deploy;

/// <summary>The bootstrap on its own: what it hands to the build's redaction, and what it tells the operator.</summary>
public sealed class SigningKeyBootstrapTests
{
    const string Secret = "dev/platform/jwt-signing-key";

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TheNewKeyIsRegisteredForRedactionWholeAndLineByLineBeforeItIsSent()
    {
        await using var aws = await FakeAwsServer.StartAsync(cancellationToken: Ct);
        aws.SecretsManager.Seed(Secret, "Placeholder0123456789abcdefABCDEF");
        using var factory = Factory(aws);
        using var secrets = factory.CreateSecretsManager();
        var registered = new List<string>();
        var requestsWhenRegistered = -1;
        using var log = new StringWriter();

        await new SigningKeyBootstrap(secrets, log, value =>
        {
            registered.Add(value);
            if (value.StartsWith("-----BEGIN PRIVATE KEY-----", StringComparison.Ordinal))
                requestsWhenRegistered = aws.RequestCount;
        }).EnsureAsync(Secret, "dev-microservices-platform", checkOnly: false, Ct);

        var pem = aws.SecretsManager.Value(Secret)!;
        Assert.Contains(pem, registered);
        var bodyLines = pem.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith("-----", StringComparison.Ordinal)).ToList();
        Assert.True(bodyLines.Count > 10, pem.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.All(bodyLines, line => Assert.Contains(line, registered));
        Assert.DoesNotContain("-----BEGIN PRIVATE KEY-----", registered);
        // Registered after the read (1 request) and before the write went out.
        Assert.Equal(1, requestsWhenRegistered);
        // The old value is secret too.
        Assert.Contains("Placeholder0123456789abcdefABCDEF", registered);
        Assert.Equal($"Stored a new RSA-3072 signing key in secret {Secret} (auth-service's JWT_PRIVATE_KEY; the value is never printed).", log.ToString().Trim());
    }

    [Theory]
    [InlineData("", "no value")]
    [InlineData("abcdefghijklmnopqrstuvwxyz012345", "a 32-character placeholder, not a PEM key")]
    [InlineData("-----BEGIN PRIVATE KEY-----\nnot base64\n-----END PRIVATE KEY-----", "a PEM that is not an unencrypted RSA private key")]
    public void ValuesThatAreNoKeySayWhyWithoutQuotingThemselves(string value, string problem)
    {
        var check = SigningKeyCheck.Of(value);

        Assert.False(check.IsUsable);
        Assert.Equal(problem, check.Problem);
    }

    [Fact]
    public void AKeyWithLiteralBackslashNLineBreaksIsUsableAsAuthServiceAcceptsIt()
    {
        using var rsa = System.Security.Cryptography.RSA.Create(2048);
        var oneLine = rsa.ExportPkcs8PrivateKeyPem().Replace("\n", "\\n", StringComparison.Ordinal);

        var check = SigningKeyCheck.Of(oneLine);

        Assert.True(check.IsUsable, check.Problem);
        Assert.Equal(2048, check.KeySize);
    }

    static AwsClientFactory Factory(FakeAwsServer aws) => AwsClientFactory.Create(new AwsClientOptions
    {
        Region = "eu-west-1",
        Credentials = new BasicAWSCredentials(aws.AccessKey, aws.SecretKey),
        Environment = name => name == "AWS_ENDPOINT_URL" ? aws.Url : null,
    });
}
