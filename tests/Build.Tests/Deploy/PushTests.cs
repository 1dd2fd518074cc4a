namespace BuildTests.Deploy;

public sealed class PushTests
{
    const string Push = $"Push --skip --env dev --tag abc1234 --acm-certificate-arn {DeployHarness.Certificate}";
    const string Registry = "123456789012.dkr.ecr.eu-west-1.amazonaws.com";

    [Fact]
    public async Task FirstPushCreatesPhaseOneThenLogsInToEcrPushesAndChecksTheManifests()
    {
        await using var harness = await DeployHarness.StartAsync();
        var docker = new RecordingDocker();
        using var registry = new ManifestRegistry("linux/amd64", "linux/arm64");

        var (exitCode, output) = await harness.RunAsync(Push, build: new Build { Docker = docker, RegistryHandler = registry });

        Assert.True(exitCode == 0, output);
        OutputAssert.Contains("First deploy of stack platform-dev: its ECR repositories do not exist yet. Phase 1", output);
        var stack = harness.Aws.CloudFormation.Stack("platform-dev")!;
        Assert.Equal("CREATE_COMPLETE", stack.Status);
        Assert.Equal("false", stack.Parameters["ServicesEnabled"]);
        Assert.Equal("abc1234", stack.Parameters["BillingImageTag"]);
        // The signing key is DeployStack's job (before phase 2); phase 1 asks nothing of the operator and leaves the placeholder.
        OutputAssert.DoesNotContain("put-secret-value", output);
        OutputAssert.Contains("then DeployStack (phase 2) stores auth-service's JWT signing key and turns the services on.", output);
        Assert.Equal(1, harness.Aws.SecretsManager.VersionCount("dev/platform/jwt-signing-key"));
        Assert.Equal(0, harness.Count("PutSecretValue"));

        var login = docker.Commands.Single(c => c.Command.StartsWith("login", StringComparison.Ordinal));
        Assert.Equal($"login --username AWS --password-stdin {Registry}", login.Command);
        Assert.Equal(harness.Aws.Ecr.Password, login.Stdin);
        OutputAssert.DoesNotContain(harness.Aws.Ecr.Password, output);
        Assert.Contains(($"tag dev/auth-service:abc1234 {Registry}/dev/auth-service:abc1234", null), docker.Commands);
        Assert.Contains(($"push {Registry}/dev/notification-service:abc1234", null), docker.Commands);
        Assert.Equal(4, registry.Requested.Count);
        OutputAssert.Contains($"manifest ok: {Registry}/dev/user-service:abc1234 has linux/amd64, linux/arm64", output);
        Assert.Equal(1, harness.Count("GetCallerIdentity"));
        Assert.Equal(1, harness.Count("GetAuthorizationToken"));
    }

    [Fact]
    public async Task PushToAnExistingStackSkipsPhaseOne()
    {
        await using var harness = await DeployHarness.StartAsync();
        harness.Aws.CloudFormation.AddStack("platform-dev", "UPDATE_COMPLETE");
        using var registry = new ManifestRegistry("linux/amd64");

        var (exitCode, output) = await harness.RunAsync(Push, build: new Build { Docker = new RecordingDocker(), RegistryHandler = registry });

        Assert.True(exitCode == 0, output);
        Assert.Equal(0, harness.Count("CreateChangeSet"));
        OutputAssert.DoesNotContain("First deploy", output);
    }

    [Fact]
    public async Task AnImageWithoutLinuxAmd64FailsTheManifestCheck()
    {
        await using var harness = await DeployHarness.StartAsync();
        harness.Aws.CloudFormation.AddStack("platform-dev", "UPDATE_COMPLETE");
        using var registry = new ManifestRegistry("linux/arm64");

        var (exitCode, output) = await harness.RunAsync(Push, build: new Build { Docker = new RecordingDocker(), RegistryHandler = registry });

        Assert.Equal(1, exitCode);
        OutputAssert.Contains($"manifest check failed: {Registry}/dev/auth-service:abc1234 has no linux/amd64 (found: linux/arm64)", output);
    }
}
