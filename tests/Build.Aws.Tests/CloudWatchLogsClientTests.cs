using Amazon.CloudWatchLogs.Model;
using Amazon.ECS.Model;
using Platform.FakeAws;
using Task = System.Threading.Tasks.Task;

namespace Platform.Build.Aws.Tests;

/// <summary>
/// GetLogEvents over JSON 1.1 against streams that ECS tasks write. AWS: "Send Amazon ECS logs to CloudWatch" (the awslogs
/// driver's stream is prefix-name/container-name/ecs-task-id); "CloudWatch Logs API Reference, GetLogEvents" (without
/// startFromHead the latest events are returned; ResourceNotFoundException for an unknown stream).
/// </summary>
public sealed class CloudWatchLogsClientTests
{
    private const string Cluster = "dev-ecs-cluster";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AStoppedTasksStreamIsNamedPrefixContainerTaskIdAndTheLastLinesComeBackOldestFirst()
    {
        await using var aws = await FakeAwsServer.StartAsync(cancellationToken: Ct);
        aws.Ecs.AddService(Cluster, "dev-billing-service");
        var image = "registry.example/dev/billing-service:v2";
        var definition = aws.Ecs.AddTaskDefinition("dev-billing-service", "billing-service", image, "/ecs/dev/billing-service", "billing");
        aws.Ecs.ContainerBehaves(image, FakeContainerBehaviour.OutOfMemory([.. Enumerable.Range(1, 8).Select(i => $"line {i}")]));
        using var factory = FakeAwsClients.Create(aws);
        var ecs = factory.CreateEcs();
        using var logs = factory.CreateCloudWatchLogs();
        await ecs.UpdateServiceAsync(new UpdateServiceRequest { Cluster = Cluster, Service = "dev-billing-service", TaskDefinition = definition }, Ct);
        await ecs.DescribeServicesAsync(new DescribeServicesRequest { Cluster = Cluster, Services = ["dev-billing-service"] }, Ct);
        await ecs.DescribeServicesAsync(new DescribeServicesRequest { Cluster = Cluster, Services = ["dev-billing-service"] }, Ct);
        var stopped = await ecs.Paginators.ListTasks(new ListTasksRequest { Cluster = Cluster, ServiceName = "dev-billing-service", DesiredStatus = Amazon.ECS.DesiredStatus.STOPPED }).TaskArns.ToListAsync(Ct);
        var taskId = stopped.Single().Split('/')[^1];
        var described = await ecs.DescribeTaskDefinitionAsync(new DescribeTaskDefinitionRequest { TaskDefinition = definition }, Ct);

        var events = await logs.GetLogEventsAsync(new GetLogEventsRequest
        {
            LogGroupName = "/ecs/dev/billing-service", LogStreamName = $"billing/billing-service/{taskId}", Limit = 3,
        }, Ct);
        var missing = await Assert.ThrowsAsync<AwsServiceError>(() => logs.GetLogEventsAsync(new GetLogEventsRequest { LogGroupName = "/ecs/dev/billing-service", LogStreamName = "billing/billing-service/nope" }, Ct));

        Assert.Equal(["line 6", "line 7", "line 8"], events.Events!.Select(e => e.Message));
        Assert.True(events.Events![0].Timestamp < events.Events[2].Timestamp);
        Assert.NotNull(events.NextForwardToken);
        Assert.Equal("ResourceNotFoundException", missing.ErrorCode);
        var container = described.TaskDefinition!.ContainerDefinitions!.Single();
        Assert.Equal(("awslogs", "/ecs/dev/billing-service", "billing"), (container.LogConfiguration!.LogDriver, container.LogConfiguration.Options!["awslogs-group"], container.LogConfiguration.Options["awslogs-stream-prefix"]));
        var sent = aws.Requests.First(r => r.Service == "logs");
        Assert.Contains("\"limit\":3", sent.Json, StringComparison.Ordinal);
        Assert.DoesNotContain("startFromHead", sent.Json, StringComparison.Ordinal);
    }
}
