using Amazon.Runtime;

namespace Amazon.CloudFormation.Model;

// Shapes as in AWSSDK.CloudFormation (same names and property names), only the members our build reads or sends.
// Lists are null until set or read from a response, as in SDK v4 (AWSConfigs.InitializeCollections is off by default):
// code written against these reads them as the real SDK requires.

public class Parameter
{
    public string? ParameterKey { get; set; }
    public string? ParameterValue { get; set; }
    public bool? UsePreviousValue { get; set; }
}

public class Tag
{
    public string? Key { get; set; }
    public string? Value { get; set; }
}

public class Output
{
    public string? OutputKey { get; set; }
    public string? OutputValue { get; set; }
    public string? Description { get; set; }
    public string? ExportName { get; set; }
}

public class Stack
{
    public string? StackId { get; set; }
    public string? StackName { get; set; }
    public string? Description { get; set; }
    public StackStatus? StackStatus { get; set; }
    public string? StackStatusReason { get; set; }
    public DateTime? CreationTime { get; set; }
    public DateTime? LastUpdatedTime { get; set; }
    public List<Parameter>? Parameters { get; set; }
    public List<Output>? Outputs { get; set; }
    public List<string>? Capabilities { get; set; }
    public List<Tag>? Tags { get; set; }
}

public class StackEvent
{
    public string? EventId { get; set; }
    public string? StackId { get; set; }
    public string? StackName { get; set; }
    public string? LogicalResourceId { get; set; }
    public string? PhysicalResourceId { get; set; }
    public string? ResourceType { get; set; }
    public ResourceStatus? ResourceStatus { get; set; }
    public string? ResourceStatusReason { get; set; }
    public DateTime? Timestamp { get; set; }
}

public class ResourceChange
{
    public ChangeAction? Action { get; set; }
    public string? LogicalResourceId { get; set; }
    public string? PhysicalResourceId { get; set; }
    public string? ResourceType { get; set; }
    public Replacement? Replacement { get; set; }
    public List<string>? Scope { get; set; }
    public List<ResourceChangeDetail>? Details { get; set; }
    public PolicyAction? PolicyAction { get; set; }
}

/// <summary>One reason a resource changes: which property, whether changing it recreates the resource, and what caused it.</summary>
public class ResourceChangeDetail
{
    public ResourceTargetDefinition? Target { get; set; }
    public EvaluationType? Evaluation { get; set; }
    public ChangeSource? ChangeSource { get; set; }
    public string? CausingEntity { get; set; }
}

public class ResourceTargetDefinition
{
    public ResourceAttribute? Attribute { get; set; }
    public string? Name { get; set; }
    public RequiresRecreation? RequiresRecreation { get; set; }
}

public class Change
{
    public ChangeType? Type { get; set; }
    public ResourceChange? ResourceChange { get; set; }
}

public class TemplateParameter
{
    public string? ParameterKey { get; set; }
    public string? DefaultValue { get; set; }
    public bool? NoEcho { get; set; }
    public string? Description { get; set; }
}

public class ValidateTemplateRequest : AmazonWebServiceRequest
{
    public string? TemplateBody { get; set; }
    public string? TemplateURL { get; set; }
}

public class ValidateTemplateResponse : AmazonWebServiceResponse
{
    public string? Description { get; set; }
    public List<TemplateParameter>? Parameters { get; set; }
    public List<string>? Capabilities { get; set; }
    public string? CapabilitiesReason { get; set; }
    public List<string>? DeclaredTransforms { get; set; }
}

public class DescribeStacksRequest : AmazonWebServiceRequest
{
    public string? StackName { get; set; }
    public string? NextToken { get; set; }
}

public class DescribeStacksResponse : AmazonWebServiceResponse
{
    public List<Stack>? Stacks { get; set; }
    public string? NextToken { get; set; }
}

public class CreateChangeSetRequest : AmazonWebServiceRequest
{
    public string? StackName { get; set; }
    public string? ChangeSetName { get; set; }
    public ChangeSetType? ChangeSetType { get; set; }
    public string? TemplateBody { get; set; }
    public string? TemplateURL { get; set; }
    public bool? UsePreviousTemplate { get; set; }
    public List<Parameter>? Parameters { get; set; }
    public List<string>? Capabilities { get; set; }
    public List<Tag>? Tags { get; set; }
    public string? Description { get; set; }
    public string? ClientToken { get; set; }
    public string? RoleARN { get; set; }
}

public class CreateChangeSetResponse : AmazonWebServiceResponse
{
    public string? Id { get; set; }
    public string? StackId { get; set; }
}

public class DescribeChangeSetRequest : AmazonWebServiceRequest
{
    public string? StackName { get; set; }
    public string? ChangeSetName { get; set; }
    public string? NextToken { get; set; }
}

public class DescribeChangeSetResponse : AmazonWebServiceResponse
{
    public string? ChangeSetId { get; set; }
    public string? ChangeSetName { get; set; }
    public string? StackId { get; set; }
    public string? StackName { get; set; }
    public string? Description { get; set; }
    public ChangeSetStatus? Status { get; set; }
    public string? StatusReason { get; set; }
    public ExecutionStatus? ExecutionStatus { get; set; }
    public DateTime? CreationTime { get; set; }
    public List<Parameter>? Parameters { get; set; }
    public List<string>? Capabilities { get; set; }
    public List<Change>? Changes { get; set; }
    public string? NextToken { get; set; }
}

public class ExecuteChangeSetRequest : AmazonWebServiceRequest
{
    public string? StackName { get; set; }
    public string? ChangeSetName { get; set; }
    public string? ClientRequestToken { get; set; }
}

public class ExecuteChangeSetResponse : AmazonWebServiceResponse;

public class DeleteChangeSetRequest : AmazonWebServiceRequest
{
    public string? StackName { get; set; }
    public string? ChangeSetName { get; set; }
}

public class DeleteChangeSetResponse : AmazonWebServiceResponse;

public class DescribeStackEventsRequest : AmazonWebServiceRequest
{
    public string? StackName { get; set; }
    public string? NextToken { get; set; }
}

public class DescribeStackEventsResponse : AmazonWebServiceResponse
{
    public List<StackEvent>? StackEvents { get; set; }
    public string? NextToken { get; set; }
}

public class DeleteStackRequest : AmazonWebServiceRequest
{
    public string? StackName { get; set; }
    public string? ClientRequestToken { get; set; }
}

public class DeleteStackResponse : AmazonWebServiceResponse;

public class SetStackPolicyRequest : AmazonWebServiceRequest
{
    public string? StackName { get; set; }
    public string? StackPolicyBody { get; set; }
}

public class SetStackPolicyResponse : AmazonWebServiceResponse;

public class GetStackPolicyRequest : AmazonWebServiceRequest
{
    public string? StackName { get; set; }
}

public class GetStackPolicyResponse : AmazonWebServiceResponse
{
    public string? StackPolicyBody { get; set; }
}

public class UpdateStackRequest : AmazonWebServiceRequest
{
    public string? StackName { get; set; }
    public string? TemplateBody { get; set; }
    public string? TemplateURL { get; set; }
    public List<Parameter>? Parameters { get; set; }
    public List<string>? Capabilities { get; set; }
    public string? RoleARN { get; set; }
    public string? StackPolicyDuringUpdateBody { get; set; }
    public string? ClientRequestToken { get; set; }
}

public class UpdateStackResponse : AmazonWebServiceResponse
{
    public string? StackId { get; set; }
}
