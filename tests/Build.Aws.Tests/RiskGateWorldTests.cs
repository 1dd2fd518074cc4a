using Amazon.CloudFormation;
using Amazon.CloudFormation.Model;
using Platform.FakeAws;
using Task = System.Threading.Tasks.Task;

namespace Platform.Build.Aws.Tests;

/// <summary>
/// The fake's change sets derive Replacement and their details from the template difference and each type's update behaviour
/// ("Update requires: Replacement" on the type's page, e.g. AWS::RDS::DBInstance DBName:
/// https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-rds-dbinstance.html), shaped as
/// ResourceChange / ResourceChangeDetail / ResourceTargetDefinition
/// (https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_ResourceChangeDetail.html); and it enforces a stack
/// policy as "Prevent updates to stack resources" says: an update that would replace a protected resource fails and rolls back,
/// unless UpdateStack's StackPolicyDuringUpdateBody allows it for that update
/// (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/protect-stack-resources.html).
/// </summary>
public sealed class RiskGateWorldTests
{
    private const string Stack = "dev-data";

    private const string Template = """
        Parameters:
          DbName:
            Type: String
            Default: platform
          VpcCidr:
            Type: String
            Default: 10.0.0.0/16
        Resources:
          Vpc:
            Type: AWS::EC2::VPC
            Properties:
              CidrBlock: !Ref VpcCidr
          Subnet:
            Type: AWS::EC2::Subnet
            Properties:
              VpcId: !Ref Vpc
              CidrBlock: 10.0.1.0/24
          Database:
            Type: AWS::RDS::DBInstance
            DeletionPolicy: Snapshot
            UpdateReplacePolicy: Snapshot
            Properties:
              DBName: !Ref DbName
              DBInstanceClass: db.t4g.micro
              Engine: postgres
          Queue:
            Type: AWS::SQS::Queue
            Properties:
              VisibilityTimeout: 60
        """;

    private const string ProtectDatabaseAndQueue = """
        {"Statement":[
          {"Effect":"Allow","Action":"Update:*","Principal":"*","Resource":"*"},
          {"Effect":"Deny","Action":["Update:Replace","Update:Delete"],"Principal":"*","Resource":["LogicalResourceId/Database","LogicalResourceId/Queue"]}]}
        """;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AChangedDbNameReplacesTheDatabaseAndTheDetailsNameTheParameterThatForcesIt()
    {
        await using var aws = await FakeAwsServer.StartAsync(cancellationToken: Ct);
        using var factory = FakeAwsClients.Create(aws);
        var cfn = factory.CreateCloudFormation();
        await DeployAsync(cfn, ChangeSetType.CREATE, Template);

        var changes = await ChangeSetAsync(cfn, Template, ("DbName", "platform2"));

        var database = Assert.Single(changes, c => c.LogicalResourceId == "Database");
        Assert.Equal("Modify", database.Action!.Value);
        Assert.Equal("True", database.Replacement!.Value);
        Assert.Equal("ReplaceAndSnapshot", database.PolicyAction!.Value);
        var detail = Assert.Single(database.Details!);
        Assert.Equal("Properties", detail.Target!.Attribute!.Value);
        Assert.Equal("DBName", detail.Target.Name);
        Assert.Equal("Always", detail.Target.RequiresRecreation!.Value);
        Assert.Equal("Static", detail.Evaluation!.Value);
        Assert.Equal("ParameterReference", detail.ChangeSource!.Value);
        Assert.Equal("DbName", detail.CausingEntity);
        Assert.DoesNotContain(changes, c => c.LogicalResourceId is "Vpc" or "Subnet" or "Queue");
    }

    [Fact]
    public async Task AnInPlaceChangeIsNoReplacementAndAReferenceToAReplacedResourceIsConditional()
    {
        await using var aws = await FakeAwsServer.StartAsync(cancellationToken: Ct);
        using var factory = FakeAwsClients.Create(aws);
        var cfn = factory.CreateCloudFormation();
        await DeployAsync(cfn, ChangeSetType.CREATE, Template);
        var edited = Template.Replace("DBInstanceClass: db.t4g.micro", "DBInstanceClass: db.t4g.small", StringComparison.Ordinal);

        var changes = await ChangeSetAsync(cfn, edited, ("VpcCidr", "10.1.0.0/16"));

        // DBInstanceClass is "Update requires: Some interruptions": modified in place.
        var database = Assert.Single(changes, c => c.LogicalResourceId == "Database");
        Assert.Equal("False", database.Replacement!.Value);
        Assert.Equal(("DBInstanceClass", "Never", "DirectModification"), (database.Details![0].Target!.Name, database.Details[0].Target!.RequiresRecreation!.Value, database.Details[0].ChangeSource!.Value));
        Assert.Null(database.PolicyAction);
        // A VPC's CidrBlock replaces it; the subnet's VpcId (Replacement) then refers to a VPC not yet created: Dynamic, Conditional.
        Assert.Equal("True", changes.Single(c => c.LogicalResourceId == "Vpc").Replacement!.Value);
        var subnet = changes.Single(c => c.LogicalResourceId == "Subnet");
        Assert.Equal("Conditional", subnet.Replacement!.Value);
        var reference = Assert.Single(subnet.Details!);
        Assert.Equal(("VpcId", "Always", "Dynamic", "ResourceReference", "Vpc"),
            (reference.Target!.Name, reference.Target.RequiresRecreation!.Value, reference.Evaluation!.Value, reference.ChangeSource!.Value, reference.CausingEntity));
    }

    [Fact]
    public async Task AStackPolicyMakesAnUpdateThatReplacesAProtectedResourceFailAndRollBack()
    {
        await using var aws = await FakeAwsServer.StartAsync(cancellationToken: Ct);
        using var factory = FakeAwsClients.Create(aws);
        var cfn = factory.CreateCloudFormation();
        await DeployAsync(cfn, ChangeSetType.CREATE, Template);
        await cfn.SetStackPolicyAsync(new SetStackPolicyRequest { StackName = Stack, StackPolicyBody = ProtectDatabaseAndQueue }, Ct);

        var stack = await DeployAsync(cfn, ChangeSetType.UPDATE, Template, ("DbName", "platform2"));

        Assert.Equal(StackStatus.UPDATE_ROLLBACK_COMPLETE, stack.StackStatus);
        var failed = aws.CloudFormation.Stack(Stack)!.Events.Single(e => e.Status == "UPDATE_FAILED");
        Assert.Equal("Database", failed.LogicalResourceId);
        Assert.Equal("Action denied by stack policy: Statement [#2] does not allow [Update:Replace] for resource [LogicalResourceId/Database];", failed.Reason);
        Assert.Equal("platform", aws.CloudFormation.Stack(Stack)!.Parameters["DbName"]);
        Assert.Equal(ProtectDatabaseAndQueue, (await cfn.GetStackPolicyAsync(new GetStackPolicyRequest { StackName = Stack }, Ct)).StackPolicyBody);
    }

    [Fact]
    public async Task AnInPlaceUpdateOfAProtectedResourceIsAllowed()
    {
        await using var aws = await FakeAwsServer.StartAsync(cancellationToken: Ct);
        using var factory = FakeAwsClients.Create(aws);
        var cfn = factory.CreateCloudFormation();
        await DeployAsync(cfn, ChangeSetType.CREATE, Template);
        await cfn.SetStackPolicyAsync(new SetStackPolicyRequest { StackName = Stack, StackPolicyBody = ProtectDatabaseAndQueue }, Ct);

        var stack = await DeployAsync(cfn, ChangeSetType.UPDATE, Template.Replace("VisibilityTimeout: 60", "VisibilityTimeout: 90", StringComparison.Ordinal));

        Assert.Equal(StackStatus.UPDATE_COMPLETE, stack.StackStatus);
    }

    [Fact]
    public async Task UpdateStackWithAPolicyDuringUpdateReplacesTheNamedResourceOnceAndTheStackPolicyStays()
    {
        await using var aws = await FakeAwsServer.StartAsync(cancellationToken: Ct);
        using var factory = FakeAwsClients.Create(aws);
        var cfn = factory.CreateCloudFormation();
        var liftDatabase = ProtectDatabaseAndQueue.Replace("\"LogicalResourceId/Database\",", "", StringComparison.Ordinal);

        var stack = await ReplaceDatabaseWithUpdateStackAsync(cfn, liftDatabase);

        Assert.Equal(StackStatus.UPDATE_COMPLETE, stack.StackStatus);
        Assert.Equal("platform2", aws.CloudFormation.Stack(Stack)!.Parameters["DbName"]);
        // The override was for that update only: the next replacement of the database is denied again.
        var next = await DeployAsync(cfn, ChangeSetType.UPDATE, Template, ("DbName", "platform3"));
        Assert.Equal(StackStatus.UPDATE_ROLLBACK_COMPLETE, next.StackStatus);
    }

    [Fact]
    public async Task APolicyDuringUpdateThatStillProtectsTheResourceDoesNotLetItBeReplaced()
    {
        await using var aws = await FakeAwsServer.StartAsync(cancellationToken: Ct);
        using var factory = FakeAwsClients.Create(aws);
        var cfn = factory.CreateCloudFormation();
        var liftQueueOnly = ProtectDatabaseAndQueue.Replace(",\"LogicalResourceId/Queue\"", "", StringComparison.Ordinal);

        var stack = await ReplaceDatabaseWithUpdateStackAsync(cfn, liftQueueOnly);

        Assert.Equal(StackStatus.UPDATE_ROLLBACK_COMPLETE, stack.StackStatus);
        Assert.Contains(aws.CloudFormation.Stack(Stack)!.Events, e => e.LogicalResourceId == "Database" && e.Status == "UPDATE_FAILED");
    }

    [Fact]
    public async Task AStackPolicyThatIsNotJsonIsABadRequest()
    {
        await using var aws = await FakeAwsServer.StartAsync(cancellationToken: Ct);
        using var factory = FakeAwsClients.Create(aws);
        var cfn = factory.CreateCloudFormation();
        await DeployAsync(cfn, ChangeSetType.CREATE, Template);

        var error = await Assert.ThrowsAsync<AwsServiceError>(() => cfn.SetStackPolicyAsync(new SetStackPolicyRequest { StackName = Stack, StackPolicyBody = "{not json" }, Ct));

        Assert.Equal("ValidationError", error.ErrorCode);
    }

    /// <summary>A stack whose policy protects the database and the queue, updated by UpdateStack to DbName=platform2 under <paramref name="duringUpdate"/>.</summary>
    private static async Task<Stack> ReplaceDatabaseWithUpdateStackAsync(IAmazonCloudFormation cfn, string duringUpdate)
    {
        await DeployAsync(cfn, ChangeSetType.CREATE, Template);
        await cfn.SetStackPolicyAsync(new SetStackPolicyRequest { StackName = Stack, StackPolicyBody = ProtectDatabaseAndQueue }, Ct);
        await cfn.UpdateStackAsync(new UpdateStackRequest
        {
            StackName = Stack, TemplateBody = Template, Parameters = [new Parameter { ParameterKey = "DbName", ParameterValue = "platform2" }],
            StackPolicyDuringUpdateBody = duringUpdate,
        }, Ct);
        return await StackWaiter.WaitAsync(cfn, Stack, Ct);
    }

    private static async Task<List<ResourceChange>> ChangeSetAsync(IAmazonCloudFormation cfn, string template, params (string Key, string Value)[] parameters)
    {
        var name = $"review-{Guid.NewGuid():N}";
        await cfn.CreateChangeSetAsync(Request(name, ChangeSetType.UPDATE, template, parameters), Ct);
        DescribeChangeSetResponse described;
        do
        {
            described = await cfn.DescribeChangeSetAsync(new DescribeChangeSetRequest { StackName = Stack, ChangeSetName = name }, Ct);
        }
        while (described.Status != ChangeSetStatus.CREATE_COMPLETE && described.Status != ChangeSetStatus.FAILED);

        return [.. described.Changes!.Select(c => c.ResourceChange!)];
    }

    private static async Task<Stack> DeployAsync(IAmazonCloudFormation cfn, ChangeSetType type, string template, params (string Key, string Value)[] parameters)
    {
        var name = $"deploy-{Guid.NewGuid():N}";
        await cfn.CreateChangeSetAsync(Request(name, type, template, parameters), Ct);
        for (var i = 0; i < 3; i++)
        {
            await cfn.DescribeChangeSetAsync(new DescribeChangeSetRequest { StackName = Stack, ChangeSetName = name }, Ct);
        }

        await cfn.ExecuteChangeSetAsync(new ExecuteChangeSetRequest { StackName = Stack, ChangeSetName = name }, Ct);
        return await StackWaiter.WaitAsync(cfn, Stack, Ct);
    }

    private static CreateChangeSetRequest Request(string name, ChangeSetType type, string template, (string Key, string Value)[] parameters) => new()
    {
        StackName = Stack,
        ChangeSetName = name,
        ChangeSetType = type,
        TemplateBody = template,
        Parameters = [.. parameters.Select(p => new Parameter { ParameterKey = p.Key, ParameterValue = p.Value })],
    };
}
