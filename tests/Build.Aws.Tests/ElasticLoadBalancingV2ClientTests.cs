using Amazon.ECS;
using Amazon.ECS.Model;
using Amazon.ElasticLoadBalancingV2;
using Amazon.ElasticLoadBalancingV2.Model;
using Amazon.Runtime;
using Platform.FakeAws;
using Task = System.Threading.Tasks.Task;

namespace Platform.Build.Aws.Tests;

/// <summary>
/// DescribeTargetGroups and DescribeTargetHealth over the Query protocol, against targets that ECS registers from its running
/// tasks. AWS: "Elastic Load Balancing API Reference, DescribeTargetHealth" (reason codes in TargetHealth: Target.FailedHealthChecks,
/// Target.DeregistrationInProgress, Target.NotRegistered); "Amazon ECS Developer Guide, Use load balancing to distribute Amazon ECS
/// service traffic" (ECS registers and deregisters a service's tasks; a task failing ELB health checks is stopped and replaced).
/// </summary>
public sealed class ElasticLoadBalancingV2ClientTests
{
    private const string Cluster = "dev-ecs-cluster";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TargetGroupsOfALoadBalancerListTheirHealthCheckAndTheServicesRunningTasksAreHealthyTargets()
    {
        await using var aws = await FakeAwsServer.StartAsync(cancellationToken: Ct);
        var alb = aws.Elbv2.AddLoadBalancer("dev-platform");
        var group = aws.Elbv2.AddTargetGroup("dev-auth", 8080, "/auth/health/live", alb);
        aws.Elbv2.AddTargetGroup("unrelated", 80, "/");
        aws.Ecs.AddService(Cluster, "dev-auth-service", desiredCount: 2, targetGroupArn: group);
        using var factory = FakeAwsClients.Create(aws);
        using var elb = factory.CreateElasticLoadBalancingV2();

        var groups = await elb.DescribeTargetGroupsAsync(new DescribeTargetGroupsRequest { LoadBalancerArn = alb }, Ct);
        var health = await elb.DescribeTargetHealthAsync(new DescribeTargetHealthRequest { TargetGroupArn = group }, Ct);

        var only = Assert.Single(groups.TargetGroups!);
        Assert.Equal((group, "dev-auth", 8080, "/auth/health/live", "200"), (only.TargetGroupArn, only.TargetGroupName, only.Port, only.HealthCheckPath, only.Matcher?.HttpCode));
        Assert.Equal([alb], only.LoadBalancerArns);
        Assert.Equal(2, health.TargetHealthDescriptions!.Count);
        Assert.All(health.TargetHealthDescriptions, d =>
        {
            Assert.Equal(TargetHealthStateEnum.Healthy, d.TargetHealth!.State);
            Assert.Null(d.TargetHealth.Reason);
            Assert.Equal(8080, d.Target!.Port);
            Assert.StartsWith("10.0.", d.Target.Id, StringComparison.Ordinal);
        });
        var sent = aws.Requests.Single(r => r.Operation == "DescribeTargetHealth");
        Assert.Equal(("elasticloadbalancing", "2015-12-01", group), (sent.Service, sent.Parameters["Version"], sent.Parameters["TargetGroupArn"]));
    }

    [Fact]
    public async Task ANewDeploymentWhoseContainerRefusesHealthChecksIsUnhealthyThenStoppedAndDrainingWhileTheOldTaskStaysHealthy()
    {
        await using var aws = await FakeAwsServer.StartAsync(cancellationToken: Ct);
        var group = aws.Elbv2.AddTargetGroup("dev-user", 8080, "/users/health/live");
        aws.Ecs.AddService(Cluster, "dev-user-service", targetGroupArn: group);
        var broken = aws.Ecs.AddTaskDefinition("dev-user-service", "user-service", "registry.example/dev/user-service:v2");
        aws.Ecs.ContainerBehaves("registry.example/dev/user-service:v2", FakeContainerBehaviour.FailsHealthCheck(FakeHealthCheckAnswer.ConnectionRefused));
        using var factory = FakeAwsClients.Create(aws);
        using var elb = factory.CreateElasticLoadBalancingV2();
        var ecs = factory.CreateEcs();

        await ecs.UpdateServiceAsync(new UpdateServiceRequest { Cluster = Cluster, Service = "dev-user-service", TaskDefinition = broken }, Ct);
        await ecs.DescribeServicesAsync(new DescribeServicesRequest { Cluster = Cluster, Services = ["dev-user-service"] }, Ct);
        var whileRunning = await States(elb, group);
        await ecs.DescribeServicesAsync(new DescribeServicesRequest { Cluster = Cluster, Services = ["dev-user-service"] }, Ct);
        var afterStop = await States(elb, group);
        Assert.Equal(["healthy", "unhealthy Target.FailedHealthChecks"], whileRunning);
        var stopped = await ecs.Paginators.ListTasks(new ListTasksRequest { Cluster = Cluster, ServiceName = "dev-user-service", DesiredStatus = DesiredStatus.STOPPED }).TaskArns.ToListAsync(Ct);
        var task = (await ecs.DescribeTasksAsync(new DescribeTasksRequest { Cluster = Cluster, Tasks = stopped }, Ct)).Tasks!.Single();

        Assert.Equal(["healthy", "draining Target.DeregistrationInProgress"], afterStop);
        Assert.Equal($"Task failed ELB health checks in (target-group {group})", task.StoppedReason);
        Assert.Equal("registry.example/dev/user-service:v2", task.Containers!.Single().Image);
    }

    [Fact]
    public async Task AskedTargetsThatAreNotRegisteredAreUnusedAndAnUnknownTargetGroupIsTargetGroupNotFound()
    {
        await using var aws = await FakeAwsServer.StartAsync(cancellationToken: Ct);
        var group = aws.Elbv2.AddTargetGroup("dev-billing", 8080, "/billing/health/live");
        using var factory = FakeAwsClients.Create(aws);
        using var elb = factory.CreateElasticLoadBalancingV2();

        var health = await elb.DescribeTargetHealthAsync(new DescribeTargetHealthRequest { TargetGroupArn = group, Targets = [new TargetDescription { Id = "10.9.9.9", Port = 8080 }] }, Ct);
        var missing = await Assert.ThrowsAsync<AwsServiceError>(() => elb.DescribeTargetHealthAsync(new DescribeTargetHealthRequest { TargetGroupArn = group + "x" }, Ct));
        var both = await Assert.ThrowsAsync<AwsServiceError>(() => elb.DescribeTargetGroupsAsync(new DescribeTargetGroupsRequest { LoadBalancerArn = "arn:x", Names = ["dev-billing"] }, Ct));

        var target = Assert.Single(health.TargetHealthDescriptions!);
        Assert.Equal(("10.9.9.9", TargetHealthStateEnum.Unused, TargetHealthReasonEnum.TargetNotRegistered), (target.Target!.Id, target.TargetHealth!.State, target.TargetHealth.Reason));
        Assert.Equal("TargetGroupNotFound", missing.ErrorCode);
        Assert.Equal("ValidationError", both.ErrorCode);
        Assert.Equal("10.9.9.9", aws.Requests.First(r => r.Operation == "DescribeTargetHealth").Parameters["Targets.member.1.Id"]);
    }

    private static async Task<List<string>> States(IAmazonElasticLoadBalancingV2 elb, string group) =>
        (await elb.DescribeTargetHealthAsync(new DescribeTargetHealthRequest { TargetGroupArn = group }, Ct)).TargetHealthDescriptions!
            .Select(d => d.TargetHealth!.Reason is null ? d.TargetHealth.State!.Value : $"{d.TargetHealth.State!.Value} {d.TargetHealth.Reason.Value}")
            .ToList();
}
