using System.Text.Json.Nodes;
using Amazon.ECS;
using Amazon.ECS.Model;
using Platform.FakeAws;
using Task = System.Threading.Tasks.Task;

namespace Platform.Build.Aws.Tests;

public sealed class EcsClientTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ForcedDeploymentIsInProgressUntilItCompletesAfterScriptedDescribes()
    {
        await using var aws = await FakeAwsServer.StartAsync(cancellationToken: Ct);
        aws.Ecs.AddService("dev-platform", "auth-service", stabiliseAfter: 3, desiredCount: 2);
        using var factory = FakeAwsClients.Create(aws);
        var ecs = factory.CreateEcs();

        var updated = await ecs.UpdateServiceAsync(new UpdateServiceRequest { Cluster = "dev-platform", Service = "auth-service", ForceNewDeployment = true }, Ct);
        var newId = updated.Service!.Deployments![0].Id;
        var states = new List<(string?, string?, int?)>();
        for (var i = 0; i < 3; i++)
        {
            var service = (await ecs.DescribeServicesAsync(new DescribeServicesRequest { Cluster = "dev-platform", Services = ["auth-service"] }, Ct)).Services!.Single();
            var primary = service.Deployments!.Single(d => d.Status == "PRIMARY");
            states.Add((primary.Id == newId ? "new" : "other", primary.RolloutState?.Value, primary.RunningCount));
        }

        var sent = JsonNode.Parse(aws.Requests[0].Json!)!.AsObject();
        Assert.Equal(("ecs", "UpdateService"), (aws.Requests[0].Service, aws.Requests[0].Operation));
        Assert.True(sent["forceNewDeployment"]!.GetValue<bool>());
        Assert.Equal("auth-service", sent["service"]!.GetValue<string>());
        Assert.False(sent.ContainsKey("desiredCount"), "unset members are not sent");
        Assert.Equal("IN_PROGRESS", updated.Service.Deployments[0].RolloutState!.Value);
        Assert.Equal("ACTIVE", updated.Service.Deployments[1].Status);
        Assert.Equal([("new", "IN_PROGRESS", 0), ("new", "IN_PROGRESS", 1), ("new", "COMPLETED", 2)], states);
        Assert.True(updated.Service.Deployments[0].CreatedAt > DateTime.UtcNow.AddDays(-1), "epoch-second timestamps decode");
    }

    [Fact]
    public async Task FailedDeploymentRollsBackAndStoppedTasksCarryTheirReasons()
    {
        await using var aws = await FakeAwsServer.StartAsync(cancellationToken: Ct);
        aws.Ecs.AddService("dev-platform", "user-service", stabiliseAfter: 2)
            .FailNextDeployment(FakeStoppedTask.CannotPull("123456789012.dkr.ecr.eu-west-1.amazonaws.com/dev/user-service:abc"), FakeStoppedTask.HealthCheckFailed());
        using var factory = FakeAwsClients.Create(aws);
        var ecs = factory.CreateEcs();

        var newId = (await ecs.UpdateServiceAsync(new UpdateServiceRequest { Cluster = "dev-platform", Service = "user-service", ForceNewDeployment = true }, Ct)).Service!.Deployments![0].Id;
        await ecs.DescribeServicesAsync(new DescribeServicesRequest { Cluster = "dev-platform", Services = ["user-service"] }, Ct);
        var failed = (await ecs.DescribeServicesAsync(new DescribeServicesRequest { Cluster = "dev-platform", Services = ["user-service"] }, Ct)).Services!.Single();
        var settled = (await ecs.DescribeServicesAsync(new DescribeServicesRequest { Cluster = "dev-platform", Services = ["user-service"] }, Ct)).Services!.Single();
        var stoppedArns = await ecs.Paginators.ListTasks(new ListTasksRequest { Cluster = "dev-platform", ServiceName = "user-service", DesiredStatus = DesiredStatus.STOPPED }).TaskArns.ToListAsync(Ct);
        var stopped = await ecs.DescribeTasksAsync(new DescribeTasksRequest { Cluster = "dev-platform", Tasks = stoppedArns }, Ct);

        var ours = failed.Deployments!.Single(d => d.Id == newId);
        Assert.Equal(DeploymentRolloutState.FAILED, ours.RolloutState);
        Assert.Contains("circuit breaker", ours.RolloutStateReason, StringComparison.Ordinal);
        Assert.Equal(2, ours.FailedTasks);
        Assert.Contains(failed.Events!, e => e.Message!.Contains("deployment failed", StringComparison.Ordinal));
        // The trap: after the rollback the service looks healthy, but the new deployment is gone.
        Assert.DoesNotContain(settled.Deployments!, d => d.Id == newId);
        Assert.Equal(settled.DesiredCount, settled.RunningCount);
        Assert.Equal(DeploymentRolloutState.COMPLETED, settled.Deployments!.Single().RolloutState);
        Assert.Equal(2, stopped.Tasks!.Count);
        Assert.Contains(stopped.Tasks, t => t.StoppedReason!.StartsWith("CannotPullContainerError:", StringComparison.Ordinal)
                                            && t.Containers!.Single().Reason!.StartsWith("CannotPullContainerError:", StringComparison.Ordinal)
                                            && t.LastStatus == "STOPPED");
        Assert.Contains(stopped.Tasks!, t => t.StoppedReason!.StartsWith("Task failed ELB health checks", StringComparison.Ordinal) && t.Containers!.Single().ExitCode == 137);
        Assert.Equal("STOPPED", JsonNode.Parse(aws.Requests.Single(r => r.Operation == "ListTasks").Json!)!["desiredStatus"]!.GetValue<string>());
    }

    [Fact]
    public async Task UnknownClusterSurfacesClusterNotFoundException()
    {
        await using var aws = await FakeAwsServer.StartAsync(cancellationToken: Ct);
        using var factory = FakeAwsClients.Create(aws);

        var error = await Assert.ThrowsAsync<AwsServiceError>(() =>
            factory.CreateEcs().UpdateServiceAsync(new UpdateServiceRequest { Cluster = "nope", Service = "auth-service", ForceNewDeployment = true }, Ct));

        Assert.Equal("ClusterNotFoundException", error.ErrorCode);
        Assert.Equal("ECS ClusterNotFoundException: Cluster not found.", error.Message);
        Assert.False(string.IsNullOrEmpty(error.RequestId));
    }

    [Fact]
    public async Task DescribeServicesReportsMissingServicesAsFailures()
    {
        await using var aws = await FakeAwsServer.StartAsync(cancellationToken: Ct);
        aws.Ecs.AddService("dev-platform", "auth-service");
        using var factory = FakeAwsClients.Create(aws);

        var answer = await factory.CreateEcs().DescribeServicesAsync(new DescribeServicesRequest { Cluster = "dev-platform", Services = ["auth-service", "ghost"] }, Ct);

        Assert.Equal("auth-service", answer.Services!.Single().ServiceName);
        Assert.Equal("MISSING", answer.Failures!.Single().Reason);
        Assert.EndsWith("service/dev-platform/ghost", answer.Failures!.Single().Arn, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListTasksPaginatorFollowsTokensAcrossThreePages()
    {
        await using var aws = await FakeAwsServer.StartAsync(cancellationToken: Ct);
        aws.Ecs.AddService("dev-platform", "billing-service", desiredCount: 5);
        aws.Ecs.TasksPageSize = 2;
        using var factory = FakeAwsClients.Create(aws);

        var arns = await factory.CreateEcs().Paginators.ListTasks(new ListTasksRequest { Cluster = "dev-platform", ServiceName = "billing-service" }).TaskArns.ToListAsync(Ct);

        Assert.Equal(5, arns.Distinct().Count());
        var pages = aws.Requests.Where(r => r.Operation == "ListTasks").Select(r => JsonNode.Parse(r.Json!)!.AsObject()).ToList();
        Assert.Equal(3, pages.Count);
        Assert.False(pages[0].ContainsKey("nextToken"));
        Assert.True(pages[2].ContainsKey("nextToken"));
    }
}
