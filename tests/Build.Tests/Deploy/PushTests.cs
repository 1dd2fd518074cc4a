namespace BuildTests.Deploy;

public sealed class PushTests
{
    const string Push = $"Push --skip --env dev --tag abc1234 --acm-certificate-arn {DeployHarness.Certificate}";
    const string Registry = "123456789012.dkr.ecr.eu-west-1.amazonaws.com";

    [Fact]
    public async Task FirstPushCreatesPhaseOneStoresTheKeyThenLogsInToEcrPushesAndChecksTheManifests()
    {
        await using var harness = await DeployHarness.StartAsync();

        var (exitCode, output) = await harness.RunAsync(Push);

        Assert.True(exitCode == 0, output);
        OutputAssert.Contains($"First deploy of stack {DeployHarness.Stack}: phase 1 creates it with ServicesEnabled=false", output);
        var stack = harness.Aws.CloudFormation.Stack(DeployHarness.Stack)!;
        Assert.Equal("CREATE_COMPLETE", stack.Status);
        Assert.Equal("false", stack.Parameters["ServicesEnabled"]);
        Assert.Equal("abc1234", stack.Parameters["BillingImageTag"]);
        Assert.DoesNotContain("AuthService", stack.Resources);
        Assert.Empty(harness.Aws.Ecs.Services);
        // The key is stored with phase 1, before any service exists that could start without it.
        Assert.Equal(2, harness.Aws.SecretsManager.VersionCount("dev/platform/jwt-signing-key"));

        var docker = harness.Docker;
        var login = docker.Commands.Single(c => c.Command.StartsWith("login", StringComparison.Ordinal));
        Assert.Equal($"login --username AWS --password-stdin {Registry}", login.Command);
        Assert.Equal(harness.Aws.Ecr.Password, login.Stdin);
        OutputAssert.DoesNotContain(harness.Aws.Ecr.Password, output);
        Assert.Contains(($"tag dev/auth-service:abc1234 {Registry}/dev/auth-service:abc1234", null), docker.Commands);
        Assert.Contains(($"push {Registry}/dev/notification-service:abc1234", null), docker.Commands);
        // The repositories phase 1 created hold what was pushed, and the manifest check read them back.
        Assert.All(DeployHarness.Services, s => Assert.Equal(["linux/amd64"], harness.Aws.Ecr.Platforms($"dev/{s}", "abc1234")));
        OutputAssert.Contains($"manifest ok: {Registry}/dev/user-service:abc1234 has linux/amd64", output);
        Assert.Equal(1, harness.Count("GetAuthorizationToken"));
    }

    [Fact]
    public async Task PushRecordsEachImagesDigestAndEachPlatformsAsTheRegistryHoldsThem()
    {
        using var root = await ScratchRoot.WithTemplateAsync(await File.ReadAllTextAsync(Path.Combine(BuildRun.RepositoryRoot, "cloudformation", "microserviceplatform.yaml"), TestContext.Current.CancellationToken));
        await using var harness = await DeployHarness.StartAsync();

        var (exitCode, output) = await harness.RunAsync(Push, root.Path);

        Assert.True(exitCode == 0, output);
        var record = System.Text.Json.Nodes.JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(root.Path, "artifacts", "images-dev.json"), TestContext.Current.CancellationToken))!;
        foreach (var service in DeployHarness.Services)
        {
            // The manifest list's digest is the registry's (Docker-Content-Digest); each platform's comes from the list.
            var digest = harness.Aws.Ecr.Digest($"dev/{service}", "abc1234")!;
            Assert.Equal($"{Registry}/dev/{service}@{digest}", record[service]!["image"]!.GetValue<string>());
            Assert.Matches("^sha256:[0-9a-f]{64}$", record[service]!["platforms"]!["linux/amd64"]!.GetValue<string>());
            Assert.NotEqual(digest, record[service]!["platforms"]!["linux/amd64"]!.GetValue<string>());
            OutputAssert.Contains($"digest: {Registry}/dev/{service}@{digest} (linux/amd64 sha256:", output);
        }
        OutputAssert.Contains("Image digests recorded in artifacts/images-dev.json.", output);
    }

    [Fact]
    public async Task PushToAnExistingStackSkipsPhaseOne()
    {
        await using var harness = await DeployHarness.StartAsync();
        harness.Aws.CloudFormation.AddStack(DeployHarness.Stack, "UPDATE_COMPLETE");
        foreach (var service in DeployHarness.Services)
            harness.Aws.Ecr.AddRepository($"dev/{service}");

        var (exitCode, output) = await harness.RunAsync(Push);

        Assert.True(exitCode == 0, output);
        Assert.Equal(0, harness.Count("CreateChangeSet"));
        OutputAssert.DoesNotContain("First deploy", output);
    }

    [Fact]
    public async Task APushToARepositoryThatDoesNotExistFailsAsDockerSaysIt()
    {
        // Given a stack whose repositories were deleted by hand
        await using var harness = await DeployHarness.StartAsync();
        harness.Aws.CloudFormation.AddStack(DeployHarness.Stack, "UPDATE_COMPLETE");

        var (exitCode, output) = await harness.RunAsync(Push);

        Assert.Equal(1, exitCode);
        OutputAssert.Contains("name unknown: The repository with name 'dev/auth-service' does not exist in the registry", output);
    }

    [Fact]
    public async Task AnImageWithoutLinuxAmd64FailsTheManifestCheck()
    {
        await using var harness = await DeployHarness.StartAsync();
        harness.Aws.CloudFormation.AddStack(DeployHarness.Stack, "UPDATE_COMPLETE");
        foreach (var service in DeployHarness.Services)
            harness.Aws.Ecr.AddRepository($"dev/{service}");
        var docker = new RecordingDocker(harness.Aws.Ecr) { Platforms = ["linux/arm64"] };

        var (exitCode, output) = await harness.RunAsync(Push, build: new Build { Docker = docker, RegistryHandler = harness.Aws.Ecr.Registry, NewSigningKeyPem = OneSigningKey.Make });

        Assert.Equal(1, exitCode);
        OutputAssert.Contains($"manifest check failed: {Registry}/dev/auth-service:abc1234 has no linux/amd64 (found: linux/arm64)", output);
    }

    [Fact]
    public async Task ASecondPushOfTheSameTagLeavesTheImmutableTagsAlone()
    {
        // Given a first push of abc1234 (the stack's repositories are IMMUTABLE: ECR refuses the same tag twice)
        await using var harness = await DeployHarness.StartAsync();
        Assert.Equal(0, (await harness.RunAsync(Push)).ExitCode);
        var pushes = harness.Docker.Commands.Count(c => c.Command.StartsWith("push ", StringComparison.Ordinal));

        // When the same commit is pushed again (a re-run)
        var (exitCode, output) = await harness.RunAsync(Push);

        // Then
        Assert.True(exitCode == 0, output);
        OutputAssert.Contains($"[billing-service] already in the registry: {Registry}/dev/billing-service:abc1234 (its tag is immutable; not pushed again)", output);
        Assert.Equal(pushes, harness.Docker.Commands.Count(c => c.Command.StartsWith("push ", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task ECRRefusesASecondPushOfAnImmutableTag()
    {
        // The fake's rule the test above relies on, checked on its own.
        await using var harness = await DeployHarness.StartAsync();
        harness.Aws.Ecr.AddRepository("dev/auth-service", immutableTags: true);
        harness.Aws.Ecr.PushImage("dev/auth-service", ["abc1234"], ["linux/amd64"]);

        var error = harness.Aws.Ecr.PushError("dev/auth-service", "abc1234");

        Assert.Equal("tag invalid: The image tag 'abc1234' already exists in the 'dev/auth-service' repository and cannot be overwritten because the repository is immutable.", error);
        Assert.Null(harness.Aws.Ecr.PushError("dev/auth-service", "def5678"));
    }
}
