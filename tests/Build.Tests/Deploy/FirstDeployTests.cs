using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Platform.Build.Local.Tests;

namespace BuildTests.Deploy;

/// <summary>
/// The first deploy and every later one against a fake AWS whose outcomes come from state: ECS pulls from ECR, CloudFormation
/// waits for the services to stabilise (a missing image rolls the stack back), parameters meet the template's constraints.
/// </summary>
public sealed class FirstDeployTests
{
    const string Certificate = $"--acm-certificate-arn {DeployHarness.Certificate}";
    const string Registry = "123456789012.dkr.ecr.eu-west-1.amazonaws.com";

    // Push, DeployStack, ForceRedeploy and SmokeTest run; building and testing the solution are not what is tested here.
    const string SkipBuild = "--skip Validate Compile Test ContainerBuild";

    [Fact]
    public async Task DeployStackWithSkipOnANewEnvironmentCreatesPhaseOneOnlyAndStopsNamingTheMissingImages()
    {
        await using var harness = await DeployHarness.StartAsync();

        var (exitCode, output) = await harness.RunAsync($"DeployStack --skip --env dev --tag abc1234 {Certificate}");

        Assert.Equal(1, exitCode);
        var stack = harness.Aws.CloudFormation.Stack(DeployHarness.Stack)!;
        Assert.Equal("CREATE_COMPLETE", stack.Status);
        Assert.Equal("false", stack.Parameters["ServicesEnabled"]);
        Assert.Single(harness.Aws.Requests, r => r.Operation == "ExecuteChangeSet");
        Assert.Empty(harness.Aws.Ecs.Services);
        OutputAssert.Contains($"Images for tag abc1234 are not in {Registry}/dev/ for linux/amd64:", output);
        OutputAssert.Contains($"{Registry}/dev/auth-service:abc1234: not in the repository", output);
        OutputAssert.Contains($"Stack {DeployHarness.Stack} exists without its ECS services (phase 1); no service was created.", output);
        OutputAssert.Contains("Run ./build.sh DeployStack --env dev without --skip (it builds and pushes them first), or push them: ./build.sh Push --env dev --tag abc1234.", output);
        // The key is in place before any service could start without it.
        Assert.Equal(2, harness.Aws.SecretsManager.VersionCount("dev/platform/jwt-signing-key"));
    }

    [Fact]
    public async Task AFirstDeployWithoutSkipCreatesPhaseOnePushesTurnsTheServicesOnWithOneRolloutAndPassesTheSmokeTest()
    {
        await using var site = await PlatformSiteAsync();
        await using var harness = await DeployHarness.StartAsync();

        var (exitCode, output) = await harness.RunAsync($"SmokeTest --env dev --tag abc1234 {Certificate} {SkipBuild} --base-url {site.Urls.First()}");

        Assert.True(exitCode == 0, output);
        var phaseOne = output.IndexOf("First deploy of stack", StringComparison.Ordinal);
        var pushed = output.IndexOf($"Pushed 4 images with tag abc1234 to {Registry}/dev/.", StringComparison.Ordinal);
        var phaseTwo = output.IndexOf("Phase 2 done: the ECS services exist now.", StringComparison.Ordinal);
        Assert.True(phaseOne >= 0 && pushed > phaseOne && phaseTwo > pushed, output);
        AssertOneDeploymentPerService(harness, expectedPerService: 1);
        foreach (var service in DeployHarness.Services)
            // Revision 2: phase 1 registered the task definitions by tag (no image yet), phase 2 by digest.
            Assert.Matches($@"dev-{service}: already on arn:aws:ecs:eu-west-1:123456789012:task-definition/\S+:2 from this run", output);
        OutputAssert.Contains("End-to-end flow passed.", output);
        Assert.Equal("UPDATE_COMPLETE", harness.Aws.CloudFormation.Stack(DeployHarness.Stack)!.Status);
    }

    [Fact]
    public async Task ANewTagOnARunningEnvironmentStartsExactlyOneDeploymentPerService()
    {
        // Given an environment running tag "first"
        await using var site = await PlatformSiteAsync();
        await using var harness = await DeployHarness.StartAsync();
        Assert.Equal(0, (await harness.RunAsync($"DeployStack --env dev --tag first {Certificate} {SkipBuild}")).ExitCode);

        // When the whole pipeline deploys "second"
        var (exitCode, output) = await harness.RunAsync($"SmokeTest --env dev --tag second {Certificate} {SkipBuild} --base-url {site.Urls.First()}");

        // Then one deployment per service per deploy: the stack update's, and ForceRedeploy adds none
        Assert.True(exitCode == 0, output);
        AssertOneDeploymentPerService(harness, expectedPerService: 2);
        OutputAssert.Contains("Checking the rollouts this deploy started: dev-auth-service, dev-user-service, dev-billing-service, dev-notification-service.", output);
        // Revisions: 1 phase 1 (by tag), 2 phase 2 and 3 the second deploy (by digest).
        Assert.All(DeployHarness.Services, s =>
            Assert.EndsWith(":3", harness.Aws.Ecs.Service(DeployHarness.Cluster, $"dev-{s}")!.CurrentTaskDefinition, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ForceRedeployRollsTheServicesADeployThatChangedNothingLeftAlone()
    {
        // Given the same tag deployed again (say, after a secret changed): the stack has nothing to change
        await using var harness = await DeployHarness.StartAsync();
        Assert.Equal(0, (await harness.RunAsync($"DeployStack --env dev --tag same {Certificate} {SkipBuild}")).ExitCode);

        var (exitCode, output) = await harness.RunAsync($"ForceRedeploy --env dev --tag same {Certificate} {SkipBuild}");

        Assert.True(exitCode == 0, output);
        OutputAssert.Contains("No changes: stack", output);
        foreach (var service in DeployHarness.Services)
            OutputAssert.Contains($"dev-{service}: rolled (new deployment", output);
        Assert.Equal(4, harness.Count("UpdateService"));
        AssertDeploymentsStarted(harness, 2);
    }

    [Fact]
    public async Task ForceRollsEvenTheServicesThisRunHasJustRolled()
    {
        await using var harness = await DeployHarness.StartAsync();

        var (exitCode, output) = await harness.RunAsync($"ForceRedeploy --env dev --tag abc1234 --force {Certificate} {SkipBuild}");

        Assert.True(exitCode == 0, output);
        OutputAssert.DoesNotContain("from this run", output);
        Assert.Equal(4, harness.Count("UpdateService"));
        AssertDeploymentsStarted(harness, 2);
    }

    [Fact]
    public async Task ANewTagWhoseImagesAreMissingStopsBeforeTheChangeSetAndChangesNoService()
    {
        await using var harness = await DeployHarness.StartAsync();
        Assert.Equal(0, (await harness.RunAsync($"DeployStack --env dev --tag first {Certificate} {SkipBuild}")).ExitCode);
        var changeSets = harness.Count("CreateChangeSet");

        var (exitCode, output) = await harness.RunAsync($"DeployStack --skip --env dev --tag never-pushed {Certificate}");

        Assert.Equal(1, exitCode);
        OutputAssert.Contains("No ECS service was changed; they keep running their current images.", output);
        Assert.Equal(changeSets, harness.Count("CreateChangeSet"));
        AssertDeploymentsStarted(harness, 1);
    }

    [Fact]
    public async Task ForceRedeployWithoutAStackSaysToDeployFirst()
    {
        await using var harness = await DeployHarness.StartAsync();

        var (exitCode, output) = await harness.RunAsync("ForceRedeploy --skip --env dev");

        Assert.Equal(1, exitCode);
        OutputAssert.Contains($"ECS cluster {DeployHarness.Cluster} has no services in eu-west-1: stack {DeployHarness.Stack} is not deployed, or is still in phase 1", output);
        OutputAssert.Contains("Run ./build.sh DeployStack --env dev first", output);
        OutputAssert.DoesNotContain("ClusterNotFoundException", output);
    }

    static void AssertOneDeploymentPerService(DeployHarness harness, int expectedPerService)
    {
        // ForceRedeploy's UpdateService is the only other way a deployment starts; it must not have been called.
        Assert.Equal(0, harness.Count("UpdateService"));
        AssertDeploymentsStarted(harness, expectedPerService);
    }

    static void AssertDeploymentsStarted(DeployHarness harness, int expected) =>
        Assert.All(DeployHarness.Services, s => Assert.Equal(expected, harness.Aws.Ecs.Service(DeployHarness.Cluster, $"dev-{s}")!.DeploymentsStarted));

    /// <summary>A site answering the health checks and, behind them, the services' API (the end-to-end flow).</summary>
    static async Task<WebApplication> PlatformSiteAsync()
    {
        var api = new ScriptedPlatformApi();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.Run(async context =>
        {
            if (context.Request.Path.Value?.EndsWith("/health", StringComparison.Ordinal) == true)
            {
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync("""{"status":"ok","checks":{"db_tcp":true,"sqs_access":true}}""");
                return;
            }
            await api.HandleAsync("platform", context);
        });
        await app.StartAsync(TestContext.Current.CancellationToken);
        return app;
    }
}
