using System.Xml.Linq;
using Amazon.CloudFormation;
using Amazon.CloudFormation.Model;
using Amazon.Runtime;

namespace Platform.Build.Aws;

/// <summary>CloudFormation over the Query protocol (API version 2010-05-15). Each method writes the documented
/// parameter names and reads the documented result elements; nothing else.</summary>
internal sealed class CloudFormationClient : IAmazonCloudFormation
{
    private readonly QueryProtocol _query;

    public CloudFormationClient(AwsTransport transport)
    {
        _query = new QueryProtocol(transport, "2010-05-15");
        Paginators = new CloudFormationPaginatorFactory(this);
    }

    public ICloudFormationPaginatorFactory Paginators { get; }

    public Task<ValidateTemplateResponse> ValidateTemplateAsync(ValidateTemplateRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var parameters = new QueryWriter().Add("TemplateBody", request.TemplateBody).Add("TemplateURL", request.TemplateURL);
        return _query.CallAsync("ValidateTemplate", parameters, ReadValidateTemplate, cancellationToken);
    }

    public Task<DescribeStacksResponse> DescribeStacksAsync(DescribeStacksRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var parameters = new QueryWriter().Add("StackName", request.StackName).Add("NextToken", request.NextToken);
        return _query.CallAsync(
            "DescribeStacks", parameters,
            result => new DescribeStacksResponse { Stacks = result.Members("Stacks", ReadStack), NextToken = result.Child("NextToken") },
            cancellationToken);
    }

    public Task<CreateChangeSetResponse> CreateChangeSetAsync(CreateChangeSetRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var parameters = new QueryWriter()
            .Add("StackName", request.StackName)
            .Add("ChangeSetName", request.ChangeSetName)
            .Add("ChangeSetType", request.ChangeSetType?.Value)
            .Add("TemplateBody", request.TemplateBody)
            .Add("TemplateURL", request.TemplateURL)
            .Add("UsePreviousTemplate", request.UsePreviousTemplate)
            .AddMembers("Parameters", request.Parameters, WriteParameter)
            .AddList("Capabilities", request.Capabilities)
            .AddMembers("Tags", request.Tags, (w, prefix, tag) => w.Add(prefix + "Key", tag.Key).Add(prefix + "Value", tag.Value))
            .Add("Description", request.Description)
            .Add("ClientToken", request.ClientToken)
            .Add("RoleARN", request.RoleARN);
        return _query.CallAsync(
            "CreateChangeSet", parameters,
            result => new CreateChangeSetResponse { Id = result.Child("Id"), StackId = result.Child("StackId") },
            cancellationToken);
    }

    public Task<DescribeChangeSetResponse> DescribeChangeSetAsync(DescribeChangeSetRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var parameters = new QueryWriter()
            .Add("ChangeSetName", request.ChangeSetName)
            .Add("StackName", request.StackName)
            .Add("NextToken", request.NextToken);
        return _query.CallAsync("DescribeChangeSet", parameters, ReadDescribeChangeSet, cancellationToken);
    }

    public Task<ExecuteChangeSetResponse> ExecuteChangeSetAsync(ExecuteChangeSetRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var parameters = new QueryWriter()
            .Add("ChangeSetName", request.ChangeSetName)
            .Add("StackName", request.StackName)
            .Add("ClientRequestToken", request.ClientRequestToken);
        return _query.CallAsync("ExecuteChangeSet", parameters, _ => new ExecuteChangeSetResponse(), cancellationToken);
    }

    public Task<DeleteChangeSetResponse> DeleteChangeSetAsync(DeleteChangeSetRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var parameters = new QueryWriter().Add("ChangeSetName", request.ChangeSetName).Add("StackName", request.StackName);
        return _query.CallAsync("DeleteChangeSet", parameters, _ => new DeleteChangeSetResponse(), cancellationToken);
    }

    public Task<DescribeStackEventsResponse> DescribeStackEventsAsync(DescribeStackEventsRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var parameters = new QueryWriter().Add("StackName", request.StackName).Add("NextToken", request.NextToken);
        return _query.CallAsync(
            "DescribeStackEvents", parameters,
            result => new DescribeStackEventsResponse { StackEvents = result.Members("StackEvents", ReadStackEvent), NextToken = result.Child("NextToken") },
            cancellationToken);
    }

    public Task<DeleteStackResponse> DeleteStackAsync(DeleteStackRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var parameters = new QueryWriter().Add("StackName", request.StackName).Add("ClientRequestToken", request.ClientRequestToken);
        return _query.CallAsync("DeleteStack", parameters, _ => new DeleteStackResponse(), cancellationToken);
    }

    public Task<SetStackPolicyResponse> SetStackPolicyAsync(SetStackPolicyRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var parameters = new QueryWriter().Add("StackName", request.StackName).Add("StackPolicyBody", request.StackPolicyBody);
        return _query.CallAsync("SetStackPolicy", parameters, _ => new SetStackPolicyResponse(), cancellationToken);
    }

    public Task<GetStackPolicyResponse> GetStackPolicyAsync(GetStackPolicyRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var parameters = new QueryWriter().Add("StackName", request.StackName);
        return _query.CallAsync("GetStackPolicy", parameters, result => new GetStackPolicyResponse { StackPolicyBody = result.Child("StackPolicyBody") }, cancellationToken);
    }

    public Task<UpdateStackResponse> UpdateStackAsync(UpdateStackRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var parameters = new QueryWriter()
            .Add("StackName", request.StackName)
            .Add("TemplateBody", request.TemplateBody)
            .Add("TemplateURL", request.TemplateURL)
            .AddMembers("Parameters", request.Parameters, WriteParameter)
            .AddList("Capabilities", request.Capabilities)
            .Add("RoleARN", request.RoleARN)
            .Add("StackPolicyDuringUpdateBody", request.StackPolicyDuringUpdateBody)
            .Add("ClientRequestToken", request.ClientRequestToken);
        return _query.CallAsync("UpdateStack", parameters, result => new UpdateStackResponse { StackId = result.Child("StackId") }, cancellationToken);
    }

    public void Dispose()
    {
        // The HttpClient is shared and owned by the factory.
    }

    private static void WriteParameter(QueryWriter writer, string prefix, Parameter parameter) =>
        writer.Add(prefix + "ParameterKey", parameter.ParameterKey)
            .Add(prefix + "ParameterValue", parameter.ParameterValue)
            .Add(prefix + "UsePreviousValue", parameter.UsePreviousValue);

    private static ValidateTemplateResponse ReadValidateTemplate(XElement result) => new()
    {
        Description = result.Child("Description"),
        Parameters = result.Members("Parameters", p => new TemplateParameter
        {
            ParameterKey = p.Child("ParameterKey"),
            DefaultValue = p.Child("DefaultValue"),
            NoEcho = p.ChildBool("NoEcho"),
            Description = p.Child("Description"),
        }),
        Capabilities = result.MemberStrings("Capabilities"),
        CapabilitiesReason = result.Child("CapabilitiesReason"),
        DeclaredTransforms = result.MemberStrings("DeclaredTransforms"),
    };

    private static DescribeChangeSetResponse ReadDescribeChangeSet(XElement result) => new()
    {
        ChangeSetId = result.Child("ChangeSetId"),
        ChangeSetName = result.Child("ChangeSetName"),
        StackId = result.Child("StackId"),
        StackName = result.Child("StackName"),
        Description = result.Child("Description"),
        Status = Constant<ChangeSetStatus>(result.Child("Status")),
        StatusReason = result.Child("StatusReason"),
        ExecutionStatus = Constant<ExecutionStatus>(result.Child("ExecutionStatus")),
        CreationTime = result.ChildTime("CreationTime"),
        Parameters = result.Members("Parameters", ReadParameter),
        Capabilities = result.MemberStrings("Capabilities"),
        Changes = result.Members("Changes", c => new Change
        {
            Type = Constant<ChangeType>(c.Child("Type")),
            ResourceChange = c.Elements().FirstOrDefault(e => e.Name.LocalName == "ResourceChange") is { } rc
                ? new ResourceChange
                {
                    Action = Constant<ChangeAction>(rc.Child("Action")),
                    LogicalResourceId = rc.Child("LogicalResourceId"),
                    PhysicalResourceId = rc.Child("PhysicalResourceId"),
                    ResourceType = rc.Child("ResourceType"),
                    Replacement = Constant<Replacement>(rc.Child("Replacement")),
                    Scope = rc.MemberStrings("Scope"),
                    PolicyAction = Constant<PolicyAction>(rc.Child("PolicyAction")),
                    Details = rc.Members("Details", ReadChangeDetail),
                }
                : null,
        }),
        NextToken = result.Child("NextToken"),
    };

    private static ResourceChangeDetail ReadChangeDetail(XElement d) => new()
    {
        Evaluation = Constant<EvaluationType>(d.Child("Evaluation")),
        ChangeSource = Constant<ChangeSource>(d.Child("ChangeSource")),
        CausingEntity = d.Child("CausingEntity"),
        Target = d.Elements().FirstOrDefault(e => e.Name.LocalName == "Target") is { } t
            ? new ResourceTargetDefinition
            {
                Attribute = Constant<ResourceAttribute>(t.Child("Attribute")),
                Name = t.Child("Name"),
                RequiresRecreation = Constant<RequiresRecreation>(t.Child("RequiresRecreation")),
            }
            : null,
    };

    private static StackEvent ReadStackEvent(XElement e) => new()
    {
        EventId = e.Child("EventId"),
        StackId = e.Child("StackId"),
        StackName = e.Child("StackName"),
        LogicalResourceId = e.Child("LogicalResourceId"),
        PhysicalResourceId = e.Child("PhysicalResourceId"),
        ResourceType = e.Child("ResourceType"),
        ResourceStatus = Constant<ResourceStatus>(e.Child("ResourceStatus")),
        ResourceStatusReason = e.Child("ResourceStatusReason"),
        Timestamp = e.ChildTime("Timestamp"),
    };

    private static Parameter ReadParameter(XElement p) =>
        new() { ParameterKey = p.Child("ParameterKey"), ParameterValue = p.Child("ParameterValue"), UsePreviousValue = p.ChildBool("UsePreviousValue") };

    private static Stack ReadStack(XElement s) => new()
    {
        StackId = s.Child("StackId"),
        StackName = s.Child("StackName"),
        Description = s.Child("Description"),
        StackStatus = Constant<StackStatus>(s.Child("StackStatus")),
        StackStatusReason = s.Child("StackStatusReason"),
        CreationTime = s.ChildTime("CreationTime"),
        LastUpdatedTime = s.ChildTime("LastUpdatedTime"),
        Parameters = s.Members("Parameters", ReadParameter),
        Outputs = s.Members("Outputs", o => new Output
        {
            OutputKey = o.Child("OutputKey"),
            OutputValue = o.Child("OutputValue"),
            Description = o.Child("Description"),
            ExportName = o.Child("ExportName"),
        }),
        Capabilities = s.MemberStrings("Capabilities"),
        Tags = s.Members("Tags", t => new Tag { Key = t.Child("Key"), Value = t.Child("Value") }),
    };

    private static T? Constant<T>(string? value)
        where T : ConstantClass => value is null ? null : ConstantClassFinder<T>.Find(value);
}

/// <summary>ConstantClass.FindValue is protected; every SDK enum here exposes a public static FindValue(string).</summary>
internal static class ConstantClassFinder<T>
    where T : ConstantClass
{
    private static readonly Func<string, T> Finder = typeof(T).GetMethod("FindValue", [typeof(string)])!.CreateDelegate<Func<string, T>>();

    public static T Find(string value) => Finder(value);
}
