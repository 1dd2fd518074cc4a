using Platform.FakeAws;

namespace BuildTests.Deploy;

/// <summary>
/// A failed rollout leaves artifacts/deploy-failure-&lt;stack&gt;-&lt;UTC time&gt;/ whose summary names the cause, read before the
/// rollback erases it. The fake derives each failure from state as AWS documents it: "Amazon ECS stopped task error codes"
/// (CannotPullContainerError for an image that is gone; exit code 137 with OutOfMemoryError), "Health checks for Application
/// Load Balancer target groups" (Target.FailedHealthChecks when the target refuses the connection), "Send Amazon ECS logs to
/// CloudWatch" (stream prefix/container/task-id).
/// </summary>
public sealed class FailureEvidenceTests
{
    const string Certificate = $"--acm-certificate-arn {DeployHarness.Certificate}";
    const string Registry = "123456789012.dkr.ecr.eu-west-1.amazonaws.com";
    const string SkipBuild = "--skip Validate Compile Test ContainerBuild";

    [Fact]
    public async Task AnImageGoneFromEcrFailsForceRedeployWithCannotPullContainerErrorNamedInTheSummary()
    {
        // Given dev running tag "first", whose user-service image the repository's lifecycle policy has since expired
        using var root = await RepositoryCopyAsync();
        await using var harness = await DeployHarness.StartAsync();
        Assert.Equal(0, (await harness.RunAsync($"DeployStack --env dev --tag first {Certificate} {SkipBuild}", root.Path)).ExitCode);
        harness.Aws.Ecr.ExpireImage("dev/user-service", "first");

        // When the services are rolled onto fresh tasks
        var (exitCode, output) = await harness.RunAsync("ForceRedeploy --env dev --tag first --skip", root.Path);

        // Then the rollout fails and its evidence is kept, the summary naming the image
        Assert.Equal(1, exitCode);
        var folder = EvidenceFolder(root);
        var summary = Section(await File.ReadAllTextAsync(Path.Combine(folder, "summary.md"), TestContext.Current.CancellationToken), "dev-user-service");
        Assert.Contains("Most likely cause: **the image or its platform**", summary, StringComparison.Ordinal);
        Assert.Contains("CannotPullContainerError", summary, StringComparison.Ordinal);
        // The task definition pins the digest: the command asks ECR for exactly that.
        Assert.Contains("aws ecr describe-images --region eu-west-1 --repository-name dev/user-service --image-ids imageDigest=sha256:", summary, StringComparison.Ordinal);
        var service = await File.ReadAllTextAsync(Path.Combine(folder, "services", "dev-user-service.md"), TestContext.Current.CancellationToken);
        Assert.Equal(3, CountOf(service, "TaskFailedToStart: CannotPullContainerError"));
        Assert.Contains(": no log stream: the container never started", service, StringComparison.Ordinal);
        Assert.Contains("deployment failed: tasks failed to start", service, StringComparison.Ordinal);
        // The other services rolled out: nothing failed there.
        Assert.Contains("Most likely cause: **no failure seen**", Section(await File.ReadAllTextAsync(Path.Combine(folder, "summary.md"), TestContext.Current.CancellationToken), "dev-auth-service"), StringComparison.Ordinal);
        OutputAssert.Contains($"Failure evidence (stack events, deployments, stopped tasks, logs, target health): {folder}{Path.DirectorySeparatorChar}summary.md", output);
        OutputAssert.Contains("## dev-user-service", output);
    }

    [Fact]
    public async Task AnImageThatRefusesHealthChecksRollsTheStackBackAndTheSummaryNamesTheHealthCheckWithTheTargetHealth()
    {
        using var root = await RepositoryCopyAsync();
        await using var harness = await DeployHarness.StartAsync();
        Assert.Equal(0, (await harness.RunAsync($"DeployStack --env dev --tag first {Certificate} {SkipBuild}", root.Path)).ExitCode);
        harness.Aws.Ecs.ContainerBehaves($"{Registry}/dev/user-service:second",
            FakeContainerBehaviour.FailsHealthCheck(FakeHealthCheckAnswer.ConnectionRefused, "info: Now listening on: http://[::]:5000"));

        var (exitCode, output) = await harness.RunAsync($"DeployStack --env dev --tag second {Certificate} {SkipBuild}", root.Path);

        Assert.Equal(1, exitCode);
        Assert.Equal("UPDATE_ROLLBACK_COMPLETE", harness.Aws.CloudFormation.Stack(DeployHarness.Stack)!.Status);
        var folder = EvidenceFolder(root);
        var summary = Section(await File.ReadAllTextAsync(Path.Combine(folder, "summary.md"), TestContext.Current.CancellationToken), "dev-user-service");
        Assert.Contains("Most likely cause: **failed load balancer health checks: the path, the port or the start-up time**", summary, StringComparison.Ordinal);
        Assert.Contains("Task failed ELB health checks in (target-group arn:aws:elasticloadbalancing:", summary, StringComparison.Ordinal);
        Assert.Contains("The target group checks /users/health/live", summary, StringComparison.Ordinal);
        Assert.Contains("aws elbv2 describe-target-health --target-group-arn arn:aws:elasticloadbalancing:", summary, StringComparison.Ordinal);
        Assert.Contains("(Target.FailedHealthChecks: Health checks failed)", summary, StringComparison.Ordinal);
        // By the time the circuit breaker trips, ECS has stopped the unhealthy tasks: their targets drain, the old one serves.
        var service = await File.ReadAllTextAsync(Path.Combine(folder, "services", "dev-user-service.md"), TestContext.Current.CancellationToken);
        Assert.Contains("draining Target.DeregistrationInProgress", service, StringComparison.Ordinal);
        Assert.Matches(@"- 10\.0\.\d+\.\d+:8080 healthy", service);
        Assert.Contains("is unhealthy in (target-group arn:aws:elasticloadbalancing:", service, StringComparison.Ordinal);
        // The stack's side: this operation's events and the failed resource with CloudFormation's reason.
        var events = await File.ReadAllTextAsync(Path.Combine(folder, "stack-events.txt"), TestContext.Current.CancellationToken);
        Assert.StartsWith("  ", events, StringComparison.Ordinal);
        Assert.Contains("UPDATE_ROLLBACK_COMPLETE", events, StringComparison.Ordinal);
        Assert.DoesNotContain("CREATE_COMPLETE", events, StringComparison.Ordinal);
        Assert.Contains("UserService (AWS::ECS::Service) UPDATE_FAILED", await File.ReadAllTextAsync(Path.Combine(folder, "failed-resources.txt"), TestContext.Current.CancellationToken), StringComparison.Ordinal);
        var log = await File.ReadAllTextAsync(Directory.GetFiles(Path.Combine(folder, "logs", "dev-user-service")).First(), TestContext.Current.CancellationToken);
        Assert.Contains("Now listening on: http://[::]:5000", log, StringComparison.Ordinal);
        OutputAssert.Contains("Most likely cause: **failed load balancer health checks", output);
    }

    [Fact]
    public async Task AContainerKilledWithExitCode137IsNamedAsMemoryWithTheLastLogLinesOfEachStoppedTask()
    {
        using var root = await RepositoryCopyAsync();
        await using var harness = await DeployHarness.StartAsync();
        Assert.Equal(0, (await harness.RunAsync($"DeployStack --env dev --tag first {Certificate} {SkipBuild}", root.Path)).ExitCode);
        var lines = Enumerable.Range(1, 60).Select(i => $"info: invoice batch {i} loaded").ToArray();
        harness.Aws.Ecs.ContainerBehaves($"{Registry}/dev/billing-service:second", FakeContainerBehaviour.OutOfMemory(lines));

        var (exitCode, output) = await harness.RunAsync($"DeployStack --env dev --tag second {Certificate} {SkipBuild}", root.Path);

        Assert.Equal(1, exitCode);
        var folder = EvidenceFolder(root);
        var summary = Section(await File.ReadAllTextAsync(Path.Combine(folder, "summary.md"), TestContext.Current.CancellationToken), "dev-billing-service");
        Assert.Contains("Most likely cause: **memory: the container was killed for using more than its limit**", summary, StringComparison.Ordinal);
        Assert.Contains("exited with code 137 (OutOfMemoryError: Container killed due to memory usage)", summary, StringComparison.Ordinal);
        Assert.Matches(@"aws logs get-log-events --log-group-name /ecs/dev/billing-service --log-stream-name billing/billing-service/[0-9a-f]{32} --limit 50", summary);
        var logs = Directory.GetFiles(Path.Combine(folder, "logs", "dev-billing-service"));
        Assert.Equal(3, logs.Length);
        var kept = await File.ReadAllLinesAsync(logs[0], TestContext.Current.CancellationToken);
        Assert.Equal(lines[^50..], kept);
        OutputAssert.Contains("Most likely cause: **memory", output);
    }

    static async Task<ScratchRoot> RepositoryCopyAsync() =>
        await ScratchRoot.WithTemplateAsync(await File.ReadAllTextAsync(Path.Combine(BuildRun.RepositoryRoot, "cloudformation", "microserviceplatform.yaml"), TestContext.Current.CancellationToken));

    static string EvidenceFolder(ScratchRoot root) =>
        Assert.Single(Directory.GetDirectories(Path.Combine(root.Path, "artifacts"), $"deploy-failure-{DeployHarness.Stack}-*"));

    /// <summary>The summary's paragraph for one service.</summary>
    static string Section(string summary, string service)
    {
        var start = summary.IndexOf($"## {service}", StringComparison.Ordinal);
        Assert.True(start >= 0, summary);
        var end = summary.IndexOf("\n## ", start + 3, StringComparison.Ordinal);
        return end < 0 ? summary[start..] : summary[start..end];
    }

    static int CountOf(string text, string part) => (text.Length - text.Replace(part, "", StringComparison.Ordinal).Length) / part.Length;
}
