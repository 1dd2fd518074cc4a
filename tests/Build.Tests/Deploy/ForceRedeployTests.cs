using Platform.FakeAws;

namespace BuildTests.Deploy;

public sealed class ForceRedeployTests
{
    const string Redeploy = "ForceRedeploy --skip --env dev";

    [Fact]
    public async Task AllFourServicesRollOutUntilCompleted()
    {
        await using var harness = await DeployHarness.StartAsync();
        var services = harness.AddDevServices(stabiliseAfter: 3);

        var (exitCode, output) = await harness.RunAsync(Redeploy);

        Assert.True(exitCode == 0, output);
        Assert.All(services.Values, s => Assert.Equal(1, s.UpdateCount));
        Assert.All(services.Values, s => Assert.Equal(["PRIMARY:COMPLETED"], s.RolloutStates));
        OutputAssert.Contains("dev-billing-service: COMPLETED (1/1 running", output);
        OutputAssert.Contains("All 4 deployments COMPLETED.", output);
        // One DescribeServices to see what runs, then all four UpdateService calls before the wait polls.
        var operations = harness.Aws.Requests.Select(r => r.Operation).ToList();
        Assert.Equal(["DescribeServices", "UpdateService", "UpdateService", "UpdateService", "UpdateService", "DescribeServices"], operations.Take(6));
    }

    [Fact]
    public async Task CircuitBreakerRollbackFailsWithTheStoppedTasksReasons()
    {
        await using var harness = await DeployHarness.StartAsync();
        var services = harness.AddDevServices();
        services["user-service"].FailNextDeployment(
            FakeStoppedTask.CannotPull("123456789012.dkr.ecr.eu-west-1.amazonaws.com/dev/user-service:abc"),
            FakeStoppedTask.HealthCheckFailed());

        var (exitCode, output) = await harness.RunAsync(Redeploy);

        Assert.Equal(1, exitCode);
        OutputAssert.Contains("1 of 4 service(s) did not roll out: dev-user-service: deployment", output);
        OutputAssert.Contains("FAILED: ECS deployment circuit breaker: tasks failed to start.", output);
        OutputAssert.Contains("CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref 123456789012.dkr.ecr.eu-west-1.amazonaws.com/dev/user-service:abc", output);
        OutputAssert.Contains("Task failed ELB health checks", output);
        OutputAssert.DoesNotContain("dev-auth-service task", output);
    }

    [Fact]
    public async Task BudgetOverrunFailsNamingWhatItWaitedForAndTheLastState()
    {
        await using var harness = await DeployHarness.StartAsync();
        harness.AddDevServices(stabiliseAfter: 1_000_000);

        var (exitCode, output) = await harness.RunAsync($"{Redeploy} --rollout-budget-seconds 1");

        Assert.Equal(1, exitCode);
        OutputAssert.Contains("Gave up waiting for the ECS deployments of dev-auth-service, dev-user-service, dev-billing-service, dev-notification-service to reach COMPLETED after 1 s", output);
        OutputAssert.Contains("last state seen: dev-auth-service IN_PROGRESS", output);
    }
}
