using Amazon.ECS.Model;
using BuildCore;
using Task = System.Threading.Tasks.Task;

namespace BuildTests.Deploy;

/// <summary>
/// Build once, promote by digest: DeployStack names each image by digest, and Promote deploys another environment with the
/// digests staging runs, copying them into prod's repositories and rebuilding nothing. AWS: "Amazon ECS task definition
/// parameters, image" (repository-url/image@digest); "Amazon ECR: pulling an image" (an image is pulled by tag or digest; a
/// digest the repository lacks cannot be pulled).
/// </summary>
public sealed class PromoteTests
{
    const string Certificate = $"--acm-certificate-arn {DeployHarness.Certificate}";
    const string Registry = "123456789012.dkr.ecr.eu-west-1.amazonaws.com";
    const string SkipBuild = "--skip Validate Compile Test ContainerBuild";

    [Fact]
    public async Task PromoteFromStagingDeploysProdWithTheDigestsStagingRunsAndBuildsOrPushesNothing()
    {
        // Given staging deployed by this build (its task definitions name images by digest)
        using var root = await ScratchRoot.WithTemplateAsync(await File.ReadAllTextAsync(Path.Combine(BuildRun.RepositoryRoot, "cloudformation", "microserviceplatform.yaml"), TestContext.Current.CancellationToken));
        await using var harness = await DeployHarness.StartAsync();
        var (deployed, deployOutput) = await harness.RunAsync($"DeployStack --env staging --tag 1.4.0 {Certificate} {SkipBuild}", root.Path);
        Assert.True(deployed == 0, deployOutput);
        var staging = await ImagesAsync(harness, "staging");
        Assert.All(staging.Values, image => Assert.Matches($@"^{Registry}/staging/[a-z-]+@sha256:[0-9a-f]{{64}}$", image));

        // When prod is promoted from staging, with a docker that records every command
        var docker = new RecordingDocker(harness.Aws.Ecr) { HasBuildx = true };
        var build = new Build { Docker = docker, RegistryHandler = harness.Aws.Ecr.Registry, TemplateTests = _ => Task.CompletedTask };
        var (exitCode, output) = await harness.RunAsync($"Promote --from staging --env prod --release-version 1.4.0 {Certificate}", root.Path, build: build);

        // Then prod runs the same digests, from its own repositories, and nothing was built or pushed
        Assert.True(exitCode == 0, output);
        var prod = await ImagesAsync(harness, "prod");
        foreach (var (service, image) in staging)
            Assert.Equal(image.Replace("/staging/", "/prod/", StringComparison.Ordinal), prod[service]);
        Assert.DoesNotContain(docker.Commands, c => c.Command.StartsWith("build ", StringComparison.Ordinal) || c.Command.StartsWith("push ", StringComparison.Ordinal) || c.Command.StartsWith("tag ", StringComparison.Ordinal)
            || c.Command.StartsWith("buildx build", StringComparison.Ordinal));
        Assert.Equal(4, docker.Commands.Count(c => c.Command.StartsWith("buildx imagetools create --tag ", StringComparison.Ordinal)));
        Assert.Equal(harness.Aws.Ecr.Digest("staging/user-service", "1.4.0"), harness.Aws.Ecr.Digest("prod/user-service", "1.4.0"));
        Assert.Equal("UPDATE_COMPLETE", harness.Aws.CloudFormation.Stack("prod-microservices-platform")!.Status);
        OutputAssert.Contains("Promoted staging to prod: the task definitions run the same digests; nothing was built or pushed.", output);
        // The release record names those digests, the version and the template's SHA-256.
        var recordFile = Path.Combine(root.Path, "artifacts", "release.json");
        var record = System.Text.Json.Nodes.JsonNode.Parse(await File.ReadAllTextAsync(recordFile, TestContext.Current.CancellationToken))!;
        Assert.Equal("1.4.0", record["version"]!.GetValue<string>());
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(await File.ReadAllBytesAsync(root.TemplateFile, TestContext.Current.CancellationToken))),
            record["templateSha256"]!.GetValue<string>());
        Assert.Equal(prod["billing-service"], record["images"]!["billing-service"]!["image"]!.GetValue<string>());

        // And a second promotion finds the digests there already: nothing is copied
        var again = new RecordingDocker(harness.Aws.Ecr) { HasBuildx = true };
        var (secondExit, secondOutput) = await harness.RunAsync($"Promote --from staging --env prod {Certificate}", root.Path,
            build: new Build { Docker = again, RegistryHandler = harness.Aws.Ecr.Registry, TemplateTests = _ => Task.CompletedTask });
        Assert.True(secondExit == 0, secondOutput);
        Assert.DoesNotContain(again.Commands, c => c.Command.StartsWith("buildx imagetools", StringComparison.Ordinal));
        OutputAssert.Contains($"[auth-service] {Registry}/prod/auth-service@{harness.Aws.Ecr.Digest("staging/auth-service", "1.4.0")} is there already: nothing copied.", secondOutput);

        // And dev promoted from the release record runs the same digests too
        var copy = Path.Combine(root.Path, "release-1.4.0.json");
        File.Copy(recordFile, copy);
        var (fromRecord, fromRecordOutput) = await harness.RunAsync($"Promote --from {copy} --env dev {Certificate}", root.Path,
            build: new Build { Docker = new RecordingDocker(harness.Aws.Ecr) { HasBuildx = true }, RegistryHandler = harness.Aws.Ecr.Registry, TemplateTests = _ => Task.CompletedTask });
        Assert.True(fromRecord == 0, fromRecordOutput);
        var dev = await ImagesAsync(harness, "dev");
        Assert.Equal(staging["notification-service"].Replace("/staging/", "/dev/", StringComparison.Ordinal), dev["notification-service"]);
    }

    [Fact]
    public async Task ATaskDefinitionPinnedToADigestTheRepositoryLacksCannotPullEvenWhenTheTagIsThere()
    {
        // Given dev deployed by digest, then its user-service tag moved to a new image and the old one deleted
        await using var harness = await DeployHarness.StartAsync();
        Assert.Equal(0, (await harness.RunAsync($"DeployStack --env dev --tag first {Certificate} {SkipBuild}")).ExitCode);
        var pinned = harness.Aws.Ecr.Digest("dev/user-service", "first")!;
        harness.Aws.Ecr.ExpireImage("dev/user-service", "first");
        harness.Aws.Ecr.AddImage("dev/user-service", "first");

        // When ECS starts new tasks of the pinned task definition
        var (exitCode, output) = await harness.RunAsync("ForceRedeploy --env dev --tag first --skip");

        // Then they cannot pull: the digest is gone, whatever the tag now names
        Assert.Equal(1, exitCode);
        OutputAssert.Contains($"failed to resolve ref {Registry}/dev/user-service@{pinned}", output);
    }

    [Fact]
    public async Task PromoteFromItselfOrFromLocalIsRefusedBeforeAnyAwsCall()
    {
        await using var harness = await DeployHarness.StartAsync();

        var (same, sameOutput) = await harness.RunAsync($"Promote --from prod --env prod {Certificate}");
        var (local, localOutput) = await harness.RunAsync($"Promote --from local --env prod {Certificate}");

        Assert.Equal((1, 1), (same, local));
        OutputAssert.Contains("--from prod is --env itself: promote from another environment (e.g. --from staging --env prod).", sameOutput);
        OutputAssert.Contains("--from 'local' is not an AWS environment name", localOutput);
        Assert.Empty(harness.Aws.Requests);
    }

    [Fact]
    public async Task PromoteFromAnEnvironmentThatRunsImagesByTagIsRefusedBeforeAnythingIsCopiedOrDeployed()
    {
        // Given staging running task definitions that name their images by tag (deployed by hand, or by an older build)
        await using var harness = await DeployHarness.StartAsync();
        foreach (var service in DeployHarness.Services)
        {
            var definition = harness.Aws.Ecs.AddTaskDefinition($"staging-{service}", service, $"{Registry}/staging/{service}:1.4.0");
            harness.Aws.Ecs.AddService("staging-ecs-cluster", $"staging-{service}", taskDefinition: definition);
        }

        var (exitCode, output) = await harness.RunAsync($"Promote --from staging --env prod {Certificate}");

        Assert.Equal(1, exitCode);
        OutputAssert.Contains($"--from staging: staging-auth-service runs {Registry}/staging/auth-service:1.4.0, by tag, not by digest", output);
        Assert.Null(harness.Aws.CloudFormation.Stack("prod-microservices-platform"));
        Assert.Equal(0, harness.Count("CreateChangeSet"));
    }

    /// <summary>Each service's image as its current task definition names it.</summary>
    static async Task<Dictionary<string, string>> ImagesAsync(DeployHarness harness, string environment)
    {
        using var aws = FakeAwsFactory.For(harness.Aws);
        using var ecs = aws.CreateEcs();
        var images = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var service in DeployHarness.Services)
        {
            var taskDefinition = harness.Aws.Ecs.Service($"{environment}-ecs-cluster", $"{environment}-{service}")!.CurrentTaskDefinition;
            var described = await ecs.DescribeTaskDefinitionAsync(new DescribeTaskDefinitionRequest { TaskDefinition = taskDefinition }, TestContext.Current.CancellationToken);
            images[service] = described.TaskDefinition!.ContainerDefinitions!.First().Image!; // the service; its collector sidecar follows
        }
        return images;
    }
}
