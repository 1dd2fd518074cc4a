using Amazon.CloudFormation;
using Amazon.CloudFormation.Model;
using Amazon.CloudWatch;
using Amazon.CloudWatch.Model;
using Amazon.ECS;
using Amazon.ECS.Model;
using Amazon.ElasticLoadBalancingV2;
using Amazon.ElasticLoadBalancingV2.Model;
using Amazon.Runtime;
using Amazon.SQS;
using Amazon.SQS.Model;
using Platform.Build.Local.Status;
using Task = System.Threading.Tasks.Task;

namespace Platform.Build.Deploy.Status;

/// <summary>Where an environment's parts are: the stack, the cluster and its services, the alarm-name prefix.</summary>
public sealed record AwsEnvironment(string Environment, string StackName, string Cluster, IReadOnlyList<string> Services);

/// <summary>
/// Reads an AWS environment's state in a few rounds of calls made side by side: DescribeStacks (status, outputs); then
/// DescribeServices, DescribeAlarms (ALARM, the environment's prefix) and GetQueueAttributes for the queue and the DLQ; then
/// one ListTasks per service and one DescribeTargetHealth per target group the services name; then one DescribeTasks for the
/// image digests.
/// </summary>
public sealed class AwsStatusReader(
    IAmazonCloudFormation cloudFormation, IAmazonECS ecs, IAmazonElasticLoadBalancingV2 elbv2, IAmazonCloudWatch cloudWatch, IAmazonSQS sqs)
{
    const string CollectorContainer = "otel-collector";

    public async Task<EnvironmentStatus> ReadAsync(AwsEnvironment environment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var stack = await StackAsync(environment.StackName, cancellationToken);
        var outputs = stack?.Outputs?.Where(o => o.OutputKey is not null).ToDictionary(o => o.OutputKey!, o => o.OutputValue ?? "", StringComparer.Ordinal)
            ?? new Dictionary<string, string>(StringComparer.Ordinal);

        var services = ServicesAsync(environment, cancellationToken);
        var alarms = AlarmsAsync(environment.Environment, cancellationToken);
        var queues = Task.WhenAll(
            QueueAsync(outputs.GetValueOrDefault("EventsQueueUrl"), $"{environment.Environment}-platform-events", deadLetters: false, cancellationToken),
            QueueAsync(outputs.GetValueOrDefault("EventsDeadLetterQueueUrl"), $"{environment.Environment}-platform-events-dlq", deadLetters: true, cancellationToken));
        await Task.WhenAll(services, alarms, queues);
        var (lines, targets) = services.Result;

        return new EnvironmentStatus(
            environment.Environment,
            stack is null
                ? new StackStatusLine(environment.StackName, "DOES_NOT_EXIST", null, "deploy it with ./build.sh DeployStack")
                : new StackStatusLine(environment.StackName, stack.StackStatus?.Value ?? "UNKNOWN", stack.LastUpdatedTime ?? stack.CreationTime, stack.StackStatusReason),
            lines,
            targets,
            alarms.Result,
            queues.Result.OfType<QueueStatusLine>().ToList(),
            outputs.GetValueOrDefault("DashboardUrl"));
    }

    async Task<Stack?> StackAsync(string stackName, CancellationToken cancellationToken)
    {
        try
        {
            return (await cloudFormation.DescribeStacksAsync(new DescribeStacksRequest { StackName = stackName }, cancellationToken)).Stacks?.FirstOrDefault();
        }
        catch (AmazonServiceException e) when (e.ErrorCode == "ValidationError" && e.Message.Contains("does not exist", StringComparison.Ordinal))
        {
            return null;
        }
    }

    async Task<(IReadOnlyList<ServiceStatusLine> Services, IReadOnlyList<TargetStatusLine> Targets)> ServicesAsync(AwsEnvironment environment, CancellationToken cancellationToken)
    {
        DescribeServicesResponse described;
        try
        {
            described = await ecs.DescribeServicesAsync(new DescribeServicesRequest { Cluster = environment.Cluster, Services = [.. environment.Services] }, cancellationToken);
        }
        catch (AmazonServiceException e) when (e.ErrorCode == "ClusterNotFoundException")
        {
            return ([.. environment.Services.Select(s => Missing(s, $"cluster {environment.Cluster} does not exist"))], []);
        }

        var found = (described.Services ?? []).Where(s => s.ServiceName is not null).ToDictionary(s => s.ServiceName!, StringComparer.Ordinal);
        var listing = Task.WhenAll(found.Keys.Select(async name => (name, arns: await RunningTasksAsync(environment.Cluster, name, cancellationToken))));
        var health = Task.WhenAll(found.Values.SelectMany(s => (s.LoadBalancers ?? []).Select(l => TargetsAsync(s, l.TargetGroupArn, cancellationToken))));
        await Task.WhenAll(listing, health);
        var taskArns = listing.Result;
        var images = await ImagesAsync(environment.Cluster, taskArns.SelectMany(t => t.arns).ToList(), cancellationToken);
        var lines = environment.Services.Select(name => found.TryGetValue(name, out var service)
            ? Line(service, taskArns.Single(t => t.name == name).arns.Select(a => images.GetValueOrDefault(a)).OfType<string>())
            : Missing(name, "no such service (a first deploy's phase 1, or ServicesEnabled=false)")).ToList();
        return (lines, health.Result.SelectMany(t => t).ToList());
    }

    /// <summary>The health ELB reports for each target of the service's target group; a group with no target while tasks are wanted is a line too.</summary>
    async Task<IReadOnlyList<TargetStatusLine>> TargetsAsync(Service service, string? targetGroupArn, CancellationToken cancellationToken)
    {
        if (targetGroupArn is null)
            return [];
        var described = await elbv2.DescribeTargetHealthAsync(new DescribeTargetHealthRequest { TargetGroupArn = targetGroupArn }, cancellationToken);
        var group = TargetGroupName(targetGroupArn);
        var targets = (described.TargetHealthDescriptions ?? []).Select(t => new TargetStatusLine(
            $"{service.ServiceName} ({group})",
            string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{t.Target?.Id}:{t.Target?.Port}"),
            t.TargetHealth?.State?.Value ?? "unknown",
            t.TargetHealth?.Description)).ToList();
        return targets.Count == 0 && service.DesiredCount > 0
            ? [new TargetStatusLine($"{service.ServiceName} ({group})", "-", "no targets", "no task is registered")]
            : targets;
    }

    /// <summary>"arn:…:targetgroup/dev-auth/0123abcd" → "dev-auth".</summary>
    static string TargetGroupName(string arn) => arn.Split('/') is [_, var name, _] ? name : arn;

    static ServiceStatusLine Missing(string name, string why) => new(name, 0, 0, 0, "MISSING", "-", "-", why);

    static ServiceStatusLine Line(Service service, IEnumerable<string> digests)
    {
        var primary = service.Deployments?.FirstOrDefault(d => d.Status == "PRIMARY");
        var rollout = primary?.RolloutState?.Value ?? "UNKNOWN";
        if (service.Deployments?.Count > 1 && rollout == "COMPLETED")
            rollout = "COMPLETED, draining the old";
        var distinct = digests.Distinct(StringComparer.Ordinal).Select(Short).ToList();
        return new ServiceStatusLine(
            service.ServiceName!, service.RunningCount ?? 0, service.DesiredCount ?? 0, service.PendingCount ?? 0, rollout,
            TaskDefinitionName(primary?.TaskDefinition ?? service.TaskDefinition), distinct.Count == 0 ? "-" : string.Join(", ", distinct));
    }

    async Task<List<string>> RunningTasksAsync(string cluster, string service, CancellationToken cancellationToken)
    {
        var arns = new List<string>();
        await foreach (var arn in ecs.Paginators.ListTasks(new ListTasksRequest { Cluster = cluster, ServiceName = service, DesiredStatus = DesiredStatus.RUNNING }).TaskArns
            .WithCancellation(cancellationToken))
            arns.Add(arn);
        return arns;
    }

    /// <summary>Task ARN → the service container's image digest, 100 tasks a call (DescribeTasks' limit).</summary>
    async Task<Dictionary<string, string>> ImagesAsync(string cluster, IReadOnlyList<string> tasks, CancellationToken cancellationToken)
    {
        var digests = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var chunk in tasks.Chunk(100))
        {
            var described = await ecs.DescribeTasksAsync(new DescribeTasksRequest { Cluster = cluster, Tasks = [.. chunk] }, cancellationToken);
            foreach (var task in described.Tasks ?? [])
            {
                var container = task.Containers?.FirstOrDefault(c => c.Name != CollectorContainer && c.ImageDigest is not null);
                if (task.TaskArn is not null && container?.ImageDigest is { } digest)
                    digests[task.TaskArn] = digest;
            }
        }

        return digests;
    }

    async Task<IReadOnlyList<AlarmStatusLine>> AlarmsAsync(string environment, CancellationToken cancellationToken)
    {
        var alarms = new List<AlarmStatusLine>();
        string? token = null;
        do
        {
            var page = await cloudWatch.DescribeAlarmsAsync(
                new DescribeAlarmsRequest { AlarmNamePrefix = $"{environment}-", StateValue = StateValue.ALARM, NextToken = token }, cancellationToken);
            alarms.AddRange((page.MetricAlarms ?? []).Select(a => new AlarmStatusLine(a.AlarmName ?? "?", a.StateReason ?? "", a.StateUpdatedTimestamp)));
            token = page.NextToken;
        }
        while (!string.IsNullOrEmpty(token));
        return alarms;
    }

    async Task<QueueStatusLine?> QueueAsync(string? url, string name, bool deadLetters, CancellationToken cancellationToken)
    {
        try
        {
            url ??= (await sqs.GetQueueUrlAsync(new GetQueueUrlRequest { QueueName = name }, cancellationToken)).QueueUrl;
        }
        catch (QueueDoesNotExistException)
        {
            return null;
        }

        var attributes = await sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest
        {
            QueueUrl = url,
            AttributeNames = [QueueAttributeName.ApproximateNumberOfMessages, QueueAttributeName.ApproximateNumberOfMessagesNotVisible],
        }, cancellationToken);
        return new QueueStatusLine(name, QueueDepth.Read(attributes, QueueAttributeName.ApproximateNumberOfMessages),
            QueueDepth.Read(attributes, QueueAttributeName.ApproximateNumberOfMessagesNotVisible), deadLetters);
    }

    /// <summary>"arn:…:task-definition/dev-auth-service:14" → "dev-auth-service:14".</summary>
    static string TaskDefinitionName(string? arn) => arn is null ? "-" : arn[(arn.LastIndexOf('/') + 1)..];

    /// <summary>"sha256:0123456789abcdef…" → "sha256:0123456789ab" (what `docker images` shows is enough to tell two apart).</summary>
    static string Short(string digest) => digest.Length > 19 ? digest[..19] : digest;
}
