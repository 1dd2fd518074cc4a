using Amazon.CloudFormation.Model;
using Amazon.ECS.Model;
using Amazon.ElasticLoadBalancingV2.Model;

namespace Platform.Build.Deploy.Evidence;

/// <summary>What one ECS service looked like when its rollout failed: read before a rollback can delete it.</summary>
public sealed record ServiceEvidence(
    string Service,
    Service? Described,
    IReadOnlyList<StoppedTaskEvidence> StoppedTasks,
    IReadOnlyList<TargetGroupEvidence> TargetGroups,
    IReadOnlyList<string> Problems);

/// <summary>A stopped task, its containers and the last lines its log stream holds.</summary>
public sealed record StoppedTaskEvidence(Amazon.ECS.Model.Task Task, string? LogGroup, string? LogStream, IReadOnlyList<string> LogLines, string? LogProblem)
{
    public string TaskId => Task.TaskArn?.Split('/')[^1] ?? "?";
}

public sealed record TargetGroupEvidence(TargetGroup Group, IReadOnlyList<TargetHealthDescription> Targets);

/// <summary>Everything kept for one failure: the stack operation's events and the services' evidence.</summary>
public sealed record DeployFailureRecord(
    string StackName,
    string Cluster,
    string Failure,
    IReadOnlyList<StackEvent> StackEvents,
    IReadOnlyList<StackEvent> FailedResources,
    IReadOnlyList<ServiceEvidence> Services,
    DateTime CapturedAt);
