using Amazon.CloudWatchLogs;
using Amazon.CloudWatchLogs.Model;
using Amazon.ECS;
using Amazon.ECS.Model;
using Amazon.ElasticLoadBalancingV2;
using Amazon.ElasticLoadBalancingV2.Model;
using Amazon.Runtime;

namespace Platform.Build.Deploy.Evidence;

/// <summary>
/// Reads what ECS, the load balancer and CloudWatch Logs know about each service's failed tasks. Every read that fails is
/// noted in the evidence and never thrown: the evidence must not hide the failure it documents.
/// </summary>
public sealed class ServiceEvidenceReader(IAmazonECS ecs, IAmazonElasticLoadBalancingV2 elb, IAmazonCloudWatchLogs logs)
{
    public const int StoppedTasksKept = 10;
    public const int LogLinesKept = 50;

    readonly Dictionary<string, TaskDefinition?> _taskDefinitions = new(StringComparer.Ordinal);

    /// <param name="since">Only tasks stopped at or after this (the service's clock: the operation's first event or deployment).</param>
    public async Task<IReadOnlyList<ServiceEvidence>> ReadAsync(string cluster, IReadOnlyList<string> services, DateTime? since, CancellationToken cancellationToken)
    {
        var described = new Dictionary<string, Service>(StringComparer.Ordinal);
        var problems = new List<string>();
        foreach (var chunk in services.Chunk(10))
        {
            try
            {
                var response = await ecs.DescribeServicesAsync(new DescribeServicesRequest { Cluster = cluster, Services = [.. chunk] }, cancellationToken);
                foreach (var service in response.Services ?? [])
                    described[service.ServiceName ?? ""] = service;
            }
            catch (AmazonServiceException e)
            {
                problems.Add($"DescribeServices on cluster {cluster}: {e.ErrorCode} {e.Message}");
            }
        }

        var result = new List<ServiceEvidence>();
        foreach (var name in services)
        {
            var notes = new List<string>(problems);
            var service = described.GetValueOrDefault(name);
            if (service is null)
                notes.Add($"ECS does not list service {name} in cluster {cluster} (not created yet, or deleted by a rollback).");
            var stopped = service is null ? [] : await StoppedTasksAsync(cluster, name, since, notes, cancellationToken);
            var groups = service is null ? [] : await TargetGroupsAsync(service, notes, cancellationToken);
            result.Add(new ServiceEvidence(name, service, stopped, groups, notes));
        }
        return result;
    }

    async Task<List<StoppedTaskEvidence>> StoppedTasksAsync(string cluster, string service, DateTime? since, List<string> notes, CancellationToken cancellationToken)
    {
        var tasks = new List<Amazon.ECS.Model.Task>();
        try
        {
            var arns = await ecs.Paginators.ListTasks(new ListTasksRequest { Cluster = cluster, ServiceName = service, DesiredStatus = DesiredStatus.STOPPED })
                .TaskArns.ToListAsync(cancellationToken);
            foreach (var chunk in arns.Chunk(100))
                tasks.AddRange((await ecs.DescribeTasksAsync(new DescribeTasksRequest { Cluster = cluster, Tasks = [.. chunk] }, cancellationToken)).Tasks ?? []);
        }
        catch (AmazonServiceException e)
        {
            notes.Add($"Stopped tasks of {service}: {e.ErrorCode} {e.Message}");
        }

        var kept = new List<StoppedTaskEvidence>();
        foreach (var task in tasks.Where(t => since is null || t.StoppedAt >= since).OrderByDescending(t => t.StoppedAt).Take(StoppedTasksKept))
            kept.Add(await WithLogsAsync(task, cancellationToken));
        return kept;
    }

    /// <summary>The awslogs driver writes to "prefix/container/task-id" in the container's log group.</summary>
    async Task<StoppedTaskEvidence> WithLogsAsync(Amazon.ECS.Model.Task task, CancellationToken cancellationToken)
    {
        var taskId = task.TaskArn?.Split('/')[^1] ?? "";
        var definition = await TaskDefinitionAsync(task.TaskDefinitionArn, cancellationToken);
        var container = definition?.ContainerDefinitions?.FirstOrDefault(c => c.LogConfiguration?.LogDriver == "awslogs");
        var options = container?.LogConfiguration?.Options;
        if (container is null || options is null || !options.TryGetValue("awslogs-group", out var group))
            return new StoppedTaskEvidence(task, null, null, [], definition is null ? "its task definition could not be read" : "no container logs with the awslogs driver");

        var stream = $"{options.GetValueOrDefault("awslogs-stream-prefix")}/{container.Name}/{taskId}";
        try
        {
            var events = await logs.GetLogEventsAsync(new GetLogEventsRequest { LogGroupName = group, LogStreamName = stream, Limit = LogLinesKept, StartFromHead = false }, cancellationToken);
            return new StoppedTaskEvidence(task, group, stream, [.. (events.Events ?? []).Select(e => e.Message ?? "")], null);
        }
        catch (AmazonServiceException e) when (e.ErrorCode == "ResourceNotFoundException")
        {
            return new StoppedTaskEvidence(task, group, stream, [], "no log stream: the container never started (or wrote nothing)");
        }
        catch (AmazonServiceException e)
        {
            return new StoppedTaskEvidence(task, group, stream, [], $"{e.ErrorCode} {e.Message}");
        }
    }

    async Task<TaskDefinition?> TaskDefinitionAsync(string? arn, CancellationToken cancellationToken)
    {
        if (arn is null)
            return null;
        if (_taskDefinitions.TryGetValue(arn, out var known))
            return known;
        try
        {
            return _taskDefinitions[arn] = (await ecs.DescribeTaskDefinitionAsync(new DescribeTaskDefinitionRequest { TaskDefinition = arn }, cancellationToken)).TaskDefinition;
        }
        catch (AmazonServiceException)
        {
            return _taskDefinitions[arn] = null;
        }
    }

    async Task<List<TargetGroupEvidence>> TargetGroupsAsync(Service service, List<string> notes, CancellationToken cancellationToken)
    {
        var arns = (service.LoadBalancers ?? []).Select(l => l.TargetGroupArn).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var result = new List<TargetGroupEvidence>();
        if (arns.Count == 0)
            return result;
        try
        {
            var groups = (await elb.DescribeTargetGroupsAsync(new DescribeTargetGroupsRequest { TargetGroupArns = arns }, cancellationToken)).TargetGroups ?? [];
            foreach (var group in groups)
            {
                var health = await elb.DescribeTargetHealthAsync(new DescribeTargetHealthRequest { TargetGroupArn = group.TargetGroupArn }, cancellationToken);
                result.Add(new TargetGroupEvidence(group, health.TargetHealthDescriptions ?? []));
            }
        }
        catch (AmazonServiceException e)
        {
            notes.Add($"Target health of {service.ServiceName}: {e.ErrorCode} {e.Message}");
        }
        return result;
    }
}
