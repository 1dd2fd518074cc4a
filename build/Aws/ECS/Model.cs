using Amazon.Runtime;

namespace Amazon.ECS.Model;

// Shapes as in AWSSDK.ECS (same names and property names), only the members our build reads or sends.
// JSON 1.1 names are the camelCase of these; timestamps travel as epoch seconds.

public class Deployment
{
    public string? Id { get; set; }
    public string? Status { get; set; }
    public string? TaskDefinition { get; set; }
    public int? DesiredCount { get; set; }
    public int? PendingCount { get; set; }
    public int? RunningCount { get; set; }
    public int? FailedTasks { get; set; }
    public DeploymentRolloutState? RolloutState { get; set; }
    public string? RolloutStateReason { get; set; }
    public DateTime? CreatedAt { get; set; }
    public DateTime? UpdatedAt { get; set; }
}

public class ServiceEvent
{
    public string? Id { get; set; }
    public DateTime? CreatedAt { get; set; }
    public string? Message { get; set; }
}

public class Service
{
    public string? ServiceArn { get; set; }
    public string? ServiceName { get; set; }
    public string? ClusterArn { get; set; }
    public string? Status { get; set; }
    public int? DesiredCount { get; set; }
    public int? RunningCount { get; set; }
    public int? PendingCount { get; set; }
    public string? TaskDefinition { get; set; }
    public List<Deployment>? Deployments { get; set; }
    public List<ServiceEvent>? Events { get; set; }
    public List<LoadBalancer>? LoadBalancers { get; set; }
}

public class LoadBalancer
{
    public string? TargetGroupArn { get; set; }
    public string? ContainerName { get; set; }
    public int? ContainerPort { get; set; }
}

public class LogConfiguration
{
    public string? LogDriver { get; set; }
    public Dictionary<string, string>? Options { get; set; }
}

public class ContainerDefinition
{
    public string? Name { get; set; }
    public string? Image { get; set; }
    public int? Memory { get; set; }
    public bool? Essential { get; set; }
    public List<string>? Command { get; set; }
    public string? User { get; set; }
    public bool? ReadonlyRootFilesystem { get; set; }
    public List<MountPoint>? MountPoints { get; set; }
    public List<KeyValuePair>? Environment { get; set; }
    public List<Secret>? Secrets { get; set; }
    public LogConfiguration? LogConfiguration { get; set; }
}

public class TaskDefinition
{
    public string? TaskDefinitionArn { get; set; }
    public string? Family { get; set; }
    public int? Revision { get; set; }
    public string? Memory { get; set; }
    public List<ContainerDefinition>? ContainerDefinitions { get; set; }
}

public class DescribeTaskDefinitionRequest : AmazonWebServiceRequest
{
    public string? TaskDefinition { get; set; }
}

public class DescribeTaskDefinitionResponse : AmazonWebServiceResponse
{
    public TaskDefinition? TaskDefinition { get; set; }
}

public class Failure
{
    public string? Arn { get; set; }
    public string? Reason { get; set; }
    public string? Detail { get; set; }
}

public class Container
{
    public string? ContainerArn { get; set; }
    public string? Name { get; set; }
    public string? Image { get; set; }
    public string? ImageDigest { get; set; }
    public string? LastStatus { get; set; }
    public int? ExitCode { get; set; }
    public string? Reason { get; set; }
}

public class Task
{
    public string? TaskArn { get; set; }
    public string? ClusterArn { get; set; }
    public string? TaskDefinitionArn { get; set; }
    public string? Group { get; set; }
    public string? StartedBy { get; set; }
    public string? LastStatus { get; set; }
    public string? DesiredStatus { get; set; }
    public string? StopCode { get; set; }
    public string? StoppedReason { get; set; }
    public DateTime? StartedAt { get; set; }
    public DateTime? StoppedAt { get; set; }
    public List<Container>? Containers { get; set; }
}

public class UpdateServiceRequest : AmazonWebServiceRequest
{
    public string? Cluster { get; set; }
    public string? Service { get; set; }
    public string? TaskDefinition { get; set; }
    public int? DesiredCount { get; set; }
    public bool? ForceNewDeployment { get; set; }
}

public class UpdateServiceResponse : AmazonWebServiceResponse
{
    public Service? Service { get; set; }
}

public class DescribeServicesRequest : AmazonWebServiceRequest
{
    public string? Cluster { get; set; }
    public List<string>? Services { get; set; }
}

public class DescribeServicesResponse : AmazonWebServiceResponse
{
    public List<Service>? Services { get; set; }
    public List<Failure>? Failures { get; set; }
}

public class ListTasksRequest : AmazonWebServiceRequest
{
    public string? Cluster { get; set; }
    public string? ServiceName { get; set; }
    public string? Family { get; set; }
    public string? StartedBy { get; set; }
    public DesiredStatus? DesiredStatus { get; set; }
    public int? MaxResults { get; set; }
    public string? NextToken { get; set; }
}

public class ListTasksResponse : AmazonWebServiceResponse
{
    public List<string>? TaskArns { get; set; }
    public string? NextToken { get; set; }
}

public class DescribeTasksRequest : AmazonWebServiceRequest
{
    public string? Cluster { get; set; }
    public List<string>? Tasks { get; set; }
}

public class DescribeTasksResponse : AmazonWebServiceResponse
{
    public List<Task>? Tasks { get; set; }
    public List<Failure>? Failures { get; set; }
}
