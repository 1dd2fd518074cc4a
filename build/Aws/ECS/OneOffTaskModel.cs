using Amazon.Runtime;

namespace Amazon.ECS.Model;

// RegisterTaskDefinition and RunTask, as in AWSSDK.ECS (same names), only the members the role step sends or reads
// (build/Deploy/DatabaseRoleStep.cs). https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RunTask.html

public class KeyValuePair
{
    public string? Name { get; set; }
    public string? Value { get; set; }
}

public class Secret
{
    public string? Name { get; set; }
    public string? ValueFrom { get; set; }
}

// LogConfiguration, ContainerDefinition and TaskDefinition are shared with DescribeTaskDefinition (Model.cs).

public class Volume
{
    public string? Name { get; set; }
}

public class MountPoint
{
    public string? SourceVolume { get; set; }
    public string? ContainerPath { get; set; }
}

public class RegisterTaskDefinitionRequest : AmazonWebServiceRequest
{
    public string? Family { get; set; }
    public string? ExecutionRoleArn { get; set; }
    public string? NetworkMode { get; set; }
    public List<string>? RequiresCompatibilities { get; set; }
    public string? Cpu { get; set; }
    public string? Memory { get; set; }
    public List<ContainerDefinition>? ContainerDefinitions { get; set; }
    public List<Volume>? Volumes { get; set; }
}

public class RegisterTaskDefinitionResponse : AmazonWebServiceResponse
{
    public TaskDefinition? TaskDefinition { get; set; }
}

public class AwsVpcConfiguration
{
    public List<string>? Subnets { get; set; }
    public List<string>? SecurityGroups { get; set; }
    public string? AssignPublicIp { get; set; }
}

public class NetworkConfiguration
{
    public AwsVpcConfiguration? AwsvpcConfiguration { get; set; }
}

public class RunTaskRequest : AmazonWebServiceRequest
{
    public string? Cluster { get; set; }
    public string? TaskDefinition { get; set; }
    public string? LaunchType { get; set; }
    public int? Count { get; set; }
    public string? StartedBy { get; set; }
    public NetworkConfiguration? NetworkConfiguration { get; set; }
}

public class RunTaskResponse : AmazonWebServiceResponse
{
    public List<Task>? Tasks { get; set; }
    public List<Failure>? Failures { get; set; }
}
