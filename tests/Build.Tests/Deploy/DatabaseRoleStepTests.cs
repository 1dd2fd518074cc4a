using Platform.FakeAws;

namespace BuildTests.Deploy;

/// <summary>
/// The role step (docs/design/database-roles.md) against the fake AWS: DeployStack registers a one-off task definition of
/// auth-service's image at the deploy's tag and runs it (ECS RunTask, https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RunTask.html;
/// the task's lifecycle and stop codes: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-lifecycle-explanation.html)
/// before any service starts. The fake's outcome comes from state: the task definition must be registered, its image
/// pulls from the fake ECR, the exit code is recorded; the order is read from the fake ECS's history.
/// </summary>
public sealed class DatabaseRoleStepTests
{
    const string Certificate = $"--acm-certificate-arn {DeployHarness.Certificate}";
    const string SkipBuild = "--skip Validate Compile Test ContainerBuild";
    const string Family = "dev-database-roles";
    const string AuthRepository = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/dev/auth-service";

    [Fact]
    public async Task AFirstDeployRunsTheRoleStepWithTheNewImageAfterPhaseOneAndBeforeAnyServiceStarts()
    {
        await using var harness = await DeployHarness.StartAsync();

        var (exitCode, output) = await harness.RunAsync($"DeployStack --env dev --tag abc1234 {Certificate} {SkipBuild}");

        Assert.True(exitCode == 0, output);
        var task = Assert.Single(harness.Aws.Ecs.OneOffTasks);
        Assert.Equal($"{AuthRepository}:abc1234", task.Image);
        Assert.Equal(["provision-database-roles"], task.Command);
        Assert.Equal(0, task.ExitCode);
        Assert.Equal("EssentialContainerExited", task.StopCode);
        var outputs = harness.Aws.CloudFormation.Stack(DeployHarness.Stack)!.Outputs;
        Assert.Equal($"{outputs["DatabaseMasterSecretArn"]}:username::", task.Secrets["DB_MASTER_USER"]);
        Assert.Equal($"{outputs["DatabaseMasterSecretArn"]}:password::", task.Secrets["DB_MASTER_PASSWORD"]);
        Assert.Equal("iam", task.Environment["DB_ROLE_LOGIN"]);
        Assert.Equal(outputs["DbPoolBudget"], task.Environment["DB_POOL_BUDGET"]);
        Assert.Equal(outputs["ServiceSubnetIds"].Split(','), task.Subnets);
        // Registered like the services' tasks: Fargate, awsvpc, the step's own execution role, non-root on a read-only root.
        var registered = System.Text.Json.Nodes.JsonNode.Parse(harness.Aws.Requests.Single(r => r.Operation == "RegisterTaskDefinition").Json!)!;
        Assert.Equal(outputs["DatabaseRolesExecutionRoleArn"], (string?)registered["executionRoleArn"]);
        Assert.Equal("awsvpc", (string?)registered["networkMode"]);
        Assert.Null(registered["taskRoleArn"]);
        var container = registered["containerDefinitions"]![0]!;
        Assert.Equal("1654", (string?)container["user"]);
        Assert.True((bool?)container["readonlyRootFilesystem"]);
        Assert.Equal("/tmp", (string?)container["mountPoints"]![0]!["containerPath"]);
        AssertRoleStepBeforeEveryServiceDeployment(harness, deploymentsExpected: 4, output);
        OutputAssert.Contains($"Database roles: running arn:aws:ecs:eu-west-1:123456789012:task-definition/{Family}:1 (auth-service:abc1234 provision-database-roles) before the services start.", output);
        OutputAssert.Contains("Database roles: done (exit code 0)", output);
        Assert.True(output.IndexOf("First deploy of stack", StringComparison.Ordinal) < output.IndexOf("Database roles: running", StringComparison.Ordinal), output);
    }

    [Fact]
    public async Task AnUpdateRunsTheRoleStepWithTheNewTagBeforeTheServicesRollToIt()
    {
        // Given an environment running tag "first"
        await using var harness = await DeployHarness.StartAsync();
        Assert.Equal(0, (await harness.RunAsync($"DeployStack --env dev --tag first {Certificate} {SkipBuild}")).ExitCode);
        var before = harness.Aws.Ecs.History.Count;

        // When "second" is deployed
        var (exitCode, output) = await harness.RunAsync($"DeployStack --env dev --tag second {Certificate} {SkipBuild}");

        // Then the step ran with "second" and stopped (exit 0) before any service's new deployment started
        Assert.True(exitCode == 0, output);
        Assert.Equal($"{AuthRepository}:second", harness.Aws.Ecs.OneOffTasks[^1].Image);
        var history = harness.Aws.Ecs.History.Skip(before).ToList();
        var stopped = history.FindIndex(h => h.StartsWith($"task stopped: {Family}", StringComparison.Ordinal) && h.EndsWith("EssentialContainerExited exit 0", StringComparison.Ordinal));
        var deployments = history.Select((h, i) => (h, i)).Where(x => x.h.StartsWith("deployment started:", StringComparison.Ordinal)).Select(x => x.i).ToList();
        Assert.True(stopped >= 0, string.Join(Environment.NewLine, history));
        Assert.Equal(4, deployments.Count);
        Assert.All(deployments, i => Assert.True(i > stopped, string.Join(Environment.NewLine, history)));
    }

    [Fact]
    public async Task TheStepIsIdempotentARepeatedDeployRunsItAgainWithTheSameResult()
    {
        await using var harness = await DeployHarness.StartAsync();

        var first = await harness.RunAsync($"DeployStack --env dev --tag same {Certificate} {SkipBuild}");
        var second = await harness.RunAsync($"DeployStack --env dev --tag same {Certificate} {SkipBuild}");

        Assert.True(first.ExitCode == 0, first.Output);
        Assert.True(second.ExitCode == 0, second.Output);
        OutputAssert.Contains("No changes: stack", second.Output);
        Assert.Equal(2, harness.Aws.Ecs.OneOffTasks.Count);
        var (a, b) = (harness.Aws.Ecs.OneOffTasks[0], harness.Aws.Ecs.OneOffTasks[1]);
        Assert.Equal((a.Image, a.ExitCode, a.StopCode), (b.Image, b.ExitCode, b.StopCode));
        Assert.Equal(a.Command, b.Command);
        Assert.Equal(a.Environment, b.Environment);
        Assert.Equal(a.Secrets, b.Secrets);
        Assert.EndsWith($"{Family}:2", b.TaskDefinition, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFailingRoleStepStopsTheDeployBeforeTheChangeSetAndNamesTheTaskAndItsLogs()
    {
        // Given an environment running tag "first", and the step's process exiting 1 next time (e.g. the master password refused)
        await using var harness = await DeployHarness.StartAsync();
        Assert.Equal(0, (await harness.RunAsync($"DeployStack --env dev --tag first {Certificate} {SkipBuild}")).ExitCode);
        harness.Aws.Ecs.ExitCodeForNextRun(Family, 1);
        var changeSetsBefore = harness.Count("ExecuteChangeSet");
        var deploymentsBefore = harness.Aws.Ecs.History.Count(h => h.StartsWith("deployment started:", StringComparison.Ordinal));

        var (exitCode, output) = await harness.RunAsync($"DeployStack --env dev --tag second {Certificate} {SkipBuild}");

        Assert.Equal(1, exitCode);
        var task = harness.Aws.Ecs.OneOffTasks[^1];
        OutputAssert.Contains($"The database role task {task.Arn} failed (exit code 1; EssentialContainerExited: Essential container in task exited). No service was changed.", output);
        var logGroup = harness.Aws.CloudFormation.Stack(DeployHarness.Stack)!.Outputs["DatabaseRolesLogGroupName"];
        OutputAssert.Contains($"Its output is in log group {logGroup}, stream database-roles/database-roles/{task.Arn[(task.Arn.LastIndexOf('/') + 1)..]}.", output);
        Assert.Equal(changeSetsBefore, harness.Count("ExecuteChangeSet"));
        Assert.Equal(deploymentsBefore, harness.Aws.Ecs.History.Count(h => h.StartsWith("deployment started:", StringComparison.Ordinal)));
    }

    static void AssertRoleStepBeforeEveryServiceDeployment(DeployHarness harness, int deploymentsExpected, string output)
    {
        var history = harness.Aws.Ecs.History.ToList();
        var stopped = history.FindIndex(h => h.StartsWith($"task stopped: {Family}", StringComparison.Ordinal));
        var deployments = history.Select((h, i) => (h, i)).Where(x => x.h.StartsWith("deployment started:", StringComparison.Ordinal)).ToList();
        Assert.True(stopped >= 0, output);
        Assert.Equal(deploymentsExpected, deployments.Count);
        Assert.All(deployments, d => Assert.True(d.i > stopped, $"{d.h} came before the role step finished:{Environment.NewLine}{string.Join(Environment.NewLine, history)}"));
    }
}
