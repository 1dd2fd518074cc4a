using System.Security.Cryptography;

namespace BuildTests.Deploy;

/// <summary>DeployStack stores auth-service's JWT signing key in the stack's secret before the services are turned on.</summary>
public sealed class SigningKeyTests
{
    const string Stack = DeployHarness.Stack;
    const string Secret = "dev/platform/jwt-signing-key";
    const string Deploy = $"DeployStack --skip --env dev --acm-certificate-arn {DeployHarness.Certificate}";

    [Fact]
    public async Task PhaseTwoReplacesThePlaceholderWithAnRsaKeyBeforeTheChangeSetWithoutPrintingIt()
    {
        // Given phase 1: the stack exists without services and its secret holds CloudFormation's placeholder
        await using var harness = await DeployHarness.StartAsync();
        await AddPhaseOneStackAsync(harness);
        var placeholder = harness.Aws.SecretsManager.Value(Secret);

        // When
        var (exitCode, output) = await harness.RunAsync($"{Deploy} --tag abc1234");

        // Then
        Assert.True(exitCode == 0, output);
        var pem = harness.Aws.SecretsManager.Value(Secret)!;
        Assert.NotEqual(placeholder, pem);
        Assert.StartsWith("-----BEGIN PRIVATE KEY-----", pem, StringComparison.Ordinal);
        using (var rsa = RSA.Create())
        {
            rsa.ImportFromPem(pem);
            _ = rsa.ExportParameters(includePrivateParameters: true);
            Assert.True(rsa.KeySize >= 2048, $"{rsa.KeySize} bits");
            Assert.Equal(3072, rsa.KeySize);
        }
        Assert.Equal(2, harness.Aws.SecretsManager.VersionCount(Secret));
        OutputAssert.Contains($"Stored a new RSA-3072 signing key in secret {Secret} (auth-service's JWT_PRIVATE_KEY; the value is never printed).", output);
        OutputAssert.Contains("Phase 2 done: the ECS services exist now.", output);
        foreach (var line in pem.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith("-----", StringComparison.Ordinal)))
            OutputAssert.DoesNotContain(line, output);
        // The key is there before the services are: stored before the change set that turns them on.
        var operations = harness.Aws.Requests.Select(r => r.Operation).ToList();
        Assert.True(operations.IndexOf("PutSecretValue") is var put && put >= 0 && put < operations.IndexOf("CreateChangeSet"), string.Join(", ", operations));
        Assert.Equal("true", harness.Aws.CloudFormation.Stack(Stack)!.Parameters["ServicesEnabled"]);
    }

    [Fact]
    public async Task AUsableKeyIsLeftAsItIs()
    {
        // Given an operator's 2048-bit PKCS#1 key, stored by hand
        await using var harness = await DeployHarness.StartAsync();
        await AddPhaseOneStackAsync(harness);
        using var rsa = RSA.Create(2048);
        var pem = rsa.ExportRSAPrivateKeyPem();
        harness.Aws.SecretsManager.Seed(Secret, pem);

        // When
        var (exitCode, output) = await harness.RunAsync($"{Deploy} --tag abc1234");

        // Then
        Assert.True(exitCode == 0, output);
        OutputAssert.Contains($"JWT signing key: secret {Secret} holds an RSA-2048 key; left as is.", output);
        Assert.Equal(0, harness.Count("PutSecretValue"));
        Assert.Equal(1, harness.Count("GetSecretValue"));
        Assert.Equal(pem, harness.Aws.SecretsManager.Value(Secret));
        Assert.Equal(1, harness.Aws.SecretsManager.VersionCount(Secret));
        OutputAssert.DoesNotContain(pem.Split('\n')[1], output);
    }

    [Fact]
    public async Task AMissingSecretStopsTheDeployNamingTheSecretAndTheStack()
    {
        // Given the stack, but its secret was deleted by hand
        await using var harness = await DeployHarness.StartAsync();
        await AddPhaseOneStackAsync(harness);
        Assert.True(harness.Aws.SecretsManager.Remove(Secret));

        // When
        var (exitCode, output) = await harness.RunAsync($"{Deploy} --tag abc1234");

        // Then
        Assert.Equal(1, exitCode);
        OutputAssert.Contains($"Secret {Secret} (auth-service's JWT_PRIVATE_KEY) does not exist, but stack {Stack} should have created it", output);
        OutputAssert.DoesNotContain("   at ", output);
        OutputAssert.DoesNotContain("Exception:", output);
        Assert.Equal(0, harness.Count("CreateChangeSet"));
        Assert.Equal(0, harness.Count("PutSecretValue"));
    }

    [Fact]
    public async Task AKeyBelowTwoThousandFortyEightBitsIsReplacedAndThePreviousVersionNamed()
    {
        await using var harness = await DeployHarness.StartAsync();
        await AddPhaseOneStackAsync(harness);
        using var weak = RSA.Create(1024);
        harness.Aws.SecretsManager.Seed(Secret, weak.ExportPkcs8PrivateKeyPem());

        var (exitCode, output) = await harness.RunAsync($"{Deploy} --tag abc1234");

        Assert.True(exitCode == 0, output);
        OutputAssert.Contains($"Stored a new RSA-3072 signing key in secret {Secret}", output);
        OutputAssert.Contains("Its previous value (an RSA-1024 key, below the 2048-bit minimum) stays as version AWSPREVIOUS.", output);
        using var stored = RSA.Create();
        stored.ImportFromPem(harness.Aws.SecretsManager.Value(Secret));
        Assert.Equal(3072, stored.KeySize);
    }

    [Fact]
    public async Task APublicKeyIsNotASigningKey()
    {
        await using var harness = await DeployHarness.StartAsync();
        await AddPhaseOneStackAsync(harness);
        using var rsa = RSA.Create(2048);
        harness.Aws.SecretsManager.Seed(Secret, rsa.ExportSubjectPublicKeyInfoPem());

        var (exitCode, output) = await harness.RunAsync($"{Deploy} --tag abc1234");

        Assert.True(exitCode == 0, output);
        OutputAssert.Contains("Its previous value (a PEM that is not an RSA private key: a public key, another key type or a damaged PEM) stays as version AWSPREVIOUS.", output);
        Assert.Equal(1, harness.Count("PutSecretValue"));
    }

    [Fact]
    public async Task ChangeSetOnlyReportsThePlaceholderAndWritesNothing()
    {
        await using var harness = await DeployHarness.StartAsync();
        await AddPhaseOneStackAsync(harness);
        var placeholder = harness.Aws.SecretsManager.Value(Secret);

        var (exitCode, output) = await harness.RunAsync($"{Deploy} --tag abc1234 --change-set-only");

        Assert.True(exitCode == 0, output);
        OutputAssert.Contains($"--change-set-only: secret {Secret} holds a 32-character placeholder, not a PEM key; a deploy without --change-set-only stores", output);
        Assert.Equal(0, harness.Count("PutSecretValue"));
        Assert.Equal(placeholder, harness.Aws.SecretsManager.Value(Secret));
    }

    [Fact]
    public async Task PhaseOneCreatedByDeployStackItselfGetsItsKeyRightAfterTheCreateBeforeAnyServiceExists()
    {
        // Given a new environment, Push skipped: DeployStack creates phase 1 itself, and the images are not there yet
        await using var harness = await DeployHarness.StartAsync();

        // When
        var (exitCode, output) = await harness.RunAsync($"{Deploy} --tag abc1234");
        harness.SeedImages("abc1234");
        var (againExit, again) = await harness.RunAsync($"{Deploy} --tag abc1234");

        // Then the first run stored the key after the create and stopped before any service; the second turned them on
        Assert.Equal(1, exitCode);
        Assert.True(againExit == 0, again);
        OutputAssert.Contains($"Stored a new RSA-3072 signing key in secret {Secret}", output);
        Assert.True(output.IndexOf("Stored a new RSA-3072", StringComparison.Ordinal) > output.IndexOf($"Stack {Stack} is CREATE_COMPLETE.", StringComparison.Ordinal), output);
        OutputAssert.Contains($"JWT signing key: secret {Secret} holds an RSA-3072 key; left as is.", again);
        Assert.Equal(1, harness.Count("PutSecretValue"));
        Assert.Equal(2, harness.Aws.SecretsManager.VersionCount(Secret));
        Assert.Equal("true", harness.Aws.CloudFormation.Stack(Stack)!.Parameters["ServicesEnabled"]);
    }

    /// <summary>What Push's phase 1 leaves: the real template, ServicesEnabled=false, the secret with its generated placeholder.</summary>
    static async Task AddPhaseOneStackAsync(DeployHarness harness)
    {
        var template = await File.ReadAllTextAsync(Path.Combine(BuildRun.RepositoryRoot, "cloudformation", "microserviceplatform.yaml"), TestContext.Current.CancellationToken);
        harness.Aws.CloudFormation.AddStack(Stack, "CREATE_COMPLETE", template, new Dictionary<string, string>
        {
            ["EnvironmentName"] = "dev",
            ["AcmCertificateArn"] = DeployHarness.Certificate,
            ["ServicesEnabled"] = "false",
            ["AuthImageTag"] = "abc1234",
            ["UserImageTag"] = "abc1234",
            ["BillingImageTag"] = "abc1234",
            ["NotificationImageTag"] = "abc1234",
        });
        Assert.Matches("^[A-Za-z0-9]{32}$", harness.Aws.SecretsManager.Value(Secret));
        Assert.DoesNotContain("AuthService", harness.Aws.CloudFormation.Stack(Stack)!.Resources);
        harness.SeedImages("abc1234");
    }
}
