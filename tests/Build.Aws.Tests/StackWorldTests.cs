using Amazon.CloudFormation;
using Amazon.CloudFormation.Model;
using Amazon.ECS;
using Amazon.ECS.Model;
using Task = System.Threading.Tasks.Task;
using Platform.FakeAws;

namespace Platform.Build.Aws.Tests;

/// <summary>
/// The fake AWS derives outcomes from state, as AWS documents them, so a deploy that real AWS would roll back is rolled back
/// here too: an ECS service's tasks pull their image from ECR (a missing tag or a missing linux/amd64 image stops them with
/// CannotPullContainerError — https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_cannot_pull_image.html);
/// CloudFormation waits for the service to stabilise, and with the deployment circuit breaker on it fails the resource
/// ("ECS Deployment Circuit Breaker was triggered") and rolls the stack back
/// (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-circuit-breaker.html); parameters must meet their
/// declared constraints before a change set exists
/// (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/parameters-section-structure.html).
/// </summary>
public sealed class StackWorldTests
{
    private const string Stack = "dev-world";
    private const string Image = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/dev/auth-service";

    private const string Template = """
        Parameters:
          Tag:
            Type: String
            AllowedPattern: ^[\w][\w.-]{0,127}$
          DesiredCount:
            Type: Number
            MinValue: 1
            Default: 1
          ServicesEnabled:
            Type: String
            AllowedValues: ["true", "false"]
            Default: "true"
        Conditions:
          DeployServices: !Equals [!Ref ServicesEnabled, "true"]
        Resources:
          Repository:
            Type: AWS::ECR::Repository
            Properties:
              RepositoryName: dev/auth-service
              ImageTagMutability: IMMUTABLE
          Cluster:
            Type: AWS::ECS::Cluster
            Properties:
              ClusterName: dev-ecs-cluster
          TaskDefinition:
            Type: AWS::ECS::TaskDefinition
            Properties:
              Family: dev-auth-service
              ContainerDefinitions:
                - Name: auth-service
                  Image: !Sub ${Repository.RepositoryUri}:${Tag}
          Service:
            Type: AWS::ECS::Service
            Condition: DeployServices
            Properties:
              ServiceName: dev-auth-service
              Cluster: !Ref Cluster
              TaskDefinition: !Ref TaskDefinition
              DesiredCount: !Ref DesiredCount
              DeploymentConfiguration:
                DeploymentCircuitBreaker:
                  Enable: true
                  Rollback: true
        """;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AServiceWhoseImageIsNotInEcrNeverStabilisesAndTheCreateRollsBack()
    {
        await using var aws = await FakeAwsServer.StartAsync(cancellationToken: Ct);
        using var factory = FakeAwsClients.Create(aws);
        var cfn = factory.CreateCloudFormation();

        var stack = await DeployAsync(cfn, ChangeSetType.CREATE, ("Tag", "abc1234"));

        Assert.Equal(StackStatus.ROLLBACK_COMPLETE, stack.StackStatus);
        var failed = aws.CloudFormation.Stack(Stack)!.Events.Single(e => e.Status == "CREATE_FAILED");
        Assert.Equal("Service", failed.LogicalResourceId);
        Assert.StartsWith("Resource handler returned message: \"Error occurred during operation 'ECS Deployment Circuit Breaker was triggered'.\"", failed.Reason, StringComparison.Ordinal);
        // The rollback deleted what the create made: no service, no repository.
        Assert.Null(aws.Ecs.Service("dev-ecs-cluster", "dev-auth-service"));
        Assert.False(aws.Ecr.HasRepository("dev/auth-service"));
    }

    [Fact]
    public async Task WithoutTheServiceThePhaseOneStackIsCreatedAndThenTheServiceStabilisesOnceTheImageIsPushed()
    {
        await using var aws = await FakeAwsServer.StartAsync(cancellationToken: Ct);
        using var factory = FakeAwsClients.Create(aws);
        var cfn = factory.CreateCloudFormation();

        var phaseOne = await DeployAsync(cfn, ChangeSetType.CREATE, ("Tag", "abc1234"), ("ServicesEnabled", "false"));
        aws.Ecr.PushImage("dev/auth-service", ["abc1234"], ["linux/amd64", "linux/arm64"]);
        var phaseTwo = await DeployAsync(cfn, ChangeSetType.UPDATE, ("Tag", "abc1234"), ("ServicesEnabled", "true"));

        Assert.Equal(StackStatus.CREATE_COMPLETE, phaseOne.StackStatus);
        Assert.Equal(StackStatus.UPDATE_COMPLETE, phaseTwo.StackStatus);
        var service = aws.Ecs.Service("dev-ecs-cluster", "dev-auth-service")!;
        Assert.Equal(["PRIMARY:COMPLETED"], service.RolloutStates);
        Assert.EndsWith("task-definition/dev-auth-service:1", service.CurrentTaskDefinition, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUpdateToATagThatWasNeverPushedRollsBackWithTheStoppedTasksSayingWhy()
    {
        await using var aws = await FakeAwsServer.StartAsync(cancellationToken: Ct);
        using var factory = FakeAwsClients.Create(aws);
        var cfn = factory.CreateCloudFormation();
        await DeployAsync(cfn, ChangeSetType.CREATE, ("Tag", "one"), ("ServicesEnabled", "false"));
        aws.Ecr.PushImage("dev/auth-service", ["one"], ["linux/amd64"]);
        await DeployAsync(cfn, ChangeSetType.UPDATE, ("Tag", "one"));

        var stack = await DeployAsync(cfn, ChangeSetType.UPDATE, ("Tag", "two"));

        Assert.Equal(StackStatus.UPDATE_ROLLBACK_COMPLETE, stack.StackStatus);
        Assert.Contains(aws.CloudFormation.Stack(Stack)!.Events, e => e.LogicalResourceId == "Service" && e.Status == "UPDATE_FAILED"
            && e.Reason!.Contains("ECS Deployment Circuit Breaker was triggered", StringComparison.Ordinal));
        var reasons = await StoppedReasonsAsync(factory.CreateEcs());
        Assert.Contains($"CannotPullContainerError: pull image manifest has been retried 7 time(s): failed to resolve ref {Image}:two: {Image}:two: not found", reasons);
        // ECS rolled the service back to the deployment that ran "one".
        Assert.EndsWith("task-definition/dev-auth-service:1", aws.Ecs.Service("dev-ecs-cluster", "dev-auth-service")!.CurrentTaskDefinition, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnImageWithoutLinuxAmd64CannotBePulledByFargate()
    {
        await using var aws = await FakeAwsServer.StartAsync(cancellationToken: Ct);
        using var factory = FakeAwsClients.Create(aws);
        var cfn = factory.CreateCloudFormation();
        await DeployAsync(cfn, ChangeSetType.CREATE, ("Tag", "arm"), ("ServicesEnabled", "false"));
        aws.Ecr.PushImage("dev/auth-service", ["arm"], ["linux/arm64"]);

        var stack = await DeployAsync(cfn, ChangeSetType.UPDATE, ("Tag", "arm"));

        Assert.Equal(StackStatus.UPDATE_ROLLBACK_COMPLETE, stack.StackStatus);
        // The service was new in this update, so the rollback deleted it; its stopped tasks stay listed in the cluster.
        Assert.Null(aws.Ecs.Service("dev-ecs-cluster", "dev-auth-service"));
        Assert.Contains("CannotPullContainerError: pull image manifest has been retried 7 time(s): image Manifest does not contain descriptor matching platform 'linux/amd64'",
            await StoppedReasonsAsync(factory.CreateEcs()));
    }

    [Theory]
    [InlineData("DesiredCount", "0", "Parameter 'DesiredCount' must be a number not less than 1")]
    [InlineData("DesiredCount", "x", "Parameter 'DesiredCount' must be a number.")]
    [InlineData("ServicesEnabled", "yes", "Parameter 'ServicesEnabled' must be one of AllowedValues")]
    [InlineData("Tag", ".hidden", "Malformed input-Parameter Tag must match pattern ^[\\w][\\w.-]{0,127}$")]
    public async Task AValueOutsideItsDeclaredConstraintIsRefusedBeforeAChangeSetExists(string key, string value, string expected)
    {
        await using var aws = await FakeAwsServer.StartAsync(cancellationToken: Ct);
        using var factory = FakeAwsClients.Create(aws);
        var cfn = factory.CreateCloudFormation();
        var parameters = new Dictionary<string, string> { ["Tag"] = "abc1234", [key] = value };

        var error = await Assert.ThrowsAsync<AwsServiceError>(() => cfn.CreateChangeSetAsync(Request(ChangeSetType.CREATE, parameters), Ct));

        Assert.Equal("ValidationError", error.ErrorCode);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Null(aws.CloudFormation.Stack(Stack));
    }

    private static async Task<Stack> DeployAsync(IAmazonCloudFormation cfn, ChangeSetType type, params (string Key, string Value)[] parameters)
    {
        var name = $"deploy-{Guid.NewGuid():N}";
        var request = Request(type, parameters.ToDictionary(p => p.Key, p => p.Value));
        request.ChangeSetName = name;
        await cfn.CreateChangeSetAsync(request, Ct);
        for (var i = 0; i < 5; i++)
        {
            await cfn.DescribeChangeSetAsync(new DescribeChangeSetRequest { StackName = Stack, ChangeSetName = name }, Ct);
        }

        await cfn.ExecuteChangeSetAsync(new ExecuteChangeSetRequest { StackName = Stack, ChangeSetName = name }, Ct);
        return await StackWaiter.WaitAsync(cfn, Stack, Ct);
    }

    private static CreateChangeSetRequest Request(ChangeSetType type, IReadOnlyDictionary<string, string> parameters) => new()
    {
        StackName = Stack,
        ChangeSetName = "deploy",
        ChangeSetType = type,
        TemplateBody = Template,
        Parameters = [.. parameters.Select(p => new Parameter { ParameterKey = p.Key, ParameterValue = p.Value })],
    };

    private static async Task<List<string>> StoppedReasonsAsync(IAmazonECS ecs)
    {
        var stopped = await ecs.ListTasksAsync(new ListTasksRequest { Cluster = "dev-ecs-cluster", DesiredStatus = DesiredStatus.STOPPED }, Ct);
        var tasks = await ecs.DescribeTasksAsync(new DescribeTasksRequest { Cluster = "dev-ecs-cluster", Tasks = stopped.TaskArns }, Ct);
        return [.. tasks.Tasks!.Select(t => t.StoppedReason ?? "")];
    }
}
