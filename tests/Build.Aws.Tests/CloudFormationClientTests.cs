using Amazon.CloudFormation;
using Amazon.CloudFormation.Model;
using Platform.FakeAws;

namespace Platform.Build.Aws.Tests;

public sealed class CloudFormationClientTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ValidateTemplateReturnsParametersDescriptionAndCapabilities()
    {
        await using var aws = await FakeAwsServer.StartAsync(cancellationToken: Ct);
        using var factory = FakeAwsClients.Create(aws);
        var cfn = factory.CreateCloudFormation();

        var platform = await cfn.ValidateTemplateAsync(new ValidateTemplateRequest { TemplateBody = Templates.Platform }, Ct);
        var iam = await cfn.ValidateTemplateAsync(new ValidateTemplateRequest { TemplateBody = Templates.WithIamRole }, Ct);

        Assert.Equal("Test platform", platform.Description);
        Assert.Equal(["EnvironmentName", "ImageTag", "DbPassword"], platform.Parameters!.Select(p => p.ParameterKey));
        Assert.Equal("latest", platform.Parameters![1].DefaultValue);
        Assert.True(platform.Parameters[2].NoEcho);
        Assert.Empty(platform.Capabilities!);
        Assert.Equal(["CAPABILITY_IAM"], iam.Capabilities);
        Assert.Contains("AWS::IAM::Role", iam.CapabilitiesReason, StringComparison.Ordinal);
        var sent = aws.Requests[0];
        Assert.Equal(("cloudformation", "ValidateTemplate", "2010-05-15"), (sent.Service, sent.Operation, sent.Parameters["Version"]));
        Assert.Equal(Templates.Platform, sent.Parameters["TemplateBody"]);
        Assert.Equal(FakeAwsClients.Region, sent.Region);
    }

    [Theory]
    [InlineData("Resources: {}", "Template format error: At least one Resources member must be defined.")]
    [InlineData("Resources:\n  Thing:\n    Type: Not::A::Type::At::All\n", "Template format error: Unrecognized resource types: [Not::A::Type::At::All]")]
    [InlineData("Resources:\n  Thing:\n    Properties: {}\n", "Template format error: [/Resources/Thing] Every Resources object must contain a Type member.")]
    [InlineData("Resources: [unclosed", "Template format error: YAML not well-formed.")]
    public async Task ValidateTemplateSurfacesTemplateErrorsWithCodeAndMessage(string template, string message)
    {
        await using var aws = await FakeAwsServer.StartAsync(cancellationToken: Ct);
        using var factory = FakeAwsClients.Create(aws);

        var error = await Assert.ThrowsAsync<AwsServiceError>(() =>
            factory.CreateCloudFormation().ValidateTemplateAsync(new ValidateTemplateRequest { TemplateBody = template }, Ct));

        Assert.Equal("ValidationError", error.ErrorCode);
        Assert.StartsWith(message, error.ErrorMessage, StringComparison.Ordinal);
        Assert.StartsWith("CloudFormation ValidationError: " + message, error.Message, StringComparison.Ordinal);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, error.StatusCode);
        Assert.False(string.IsNullOrEmpty(error.RequestId));
        Assert.Equal(Amazon.Runtime.ErrorType.Sender, error.ErrorType);
    }

    [Fact]
    public async Task DescribeStacksOfMissingStackSurfacesValidationError()
    {
        await using var aws = await FakeAwsServer.StartAsync(cancellationToken: Ct);
        using var factory = FakeAwsClients.Create(aws);

        var error = await Assert.ThrowsAsync<AwsServiceError>(() =>
            factory.CreateCloudFormation().DescribeStacksAsync(new DescribeStacksRequest { StackName = "nope" }, Ct));

        Assert.Equal("CloudFormation ValidationError: Stack with id nope does not exist", error.Message);
        Assert.IsAssignableFrom<Amazon.Runtime.AmazonServiceException>(error);
    }

    [Fact]
    public async Task CreateThroughChangeSetReachesCreateCompleteWithOutputsAndEvents()
    {
        await using var aws = await FakeAwsServer.StartAsync(cancellationToken: Ct);
        aws.CloudFormation.Script("dev-platform", s => s.Output("AlbDnsName", "dev-alb.example.test"));
        aws.CloudFormation.ChangeSetDescribesUntilReady = 3;
        using var factory = FakeAwsClients.Create(aws);
        var cfn = factory.CreateCloudFormation();

        var created = await cfn.CreateChangeSetAsync(new CreateChangeSetRequest
        {
            StackName = "dev-platform",
            ChangeSetName = "deploy-1",
            ChangeSetType = ChangeSetType.CREATE,
            TemplateBody = Templates.Platform,
            Parameters = [new Parameter { ParameterKey = "EnvironmentName", ParameterValue = "dev" }, new Parameter { ParameterKey = "ImageTag", ParameterValue = "abc123" }],
            Capabilities = ["CAPABILITY_IAM", "CAPABILITY_NAMED_IAM"],
            Tags = [new Tag { Key = "env", Value = "dev" }],
        }, Ct);
        var pending = await cfn.DescribeChangeSetAsync(new DescribeChangeSetRequest { StackName = "dev-platform", ChangeSetName = "deploy-1" }, Ct);
        var first = await cfn.DescribeChangeSetAsync(new DescribeChangeSetRequest { StackName = "dev-platform", ChangeSetName = "deploy-1" }, Ct);
        var ready = await cfn.DescribeChangeSetAsync(new DescribeChangeSetRequest { ChangeSetName = created.Id }, Ct);
        await cfn.ExecuteChangeSetAsync(new ExecuteChangeSetRequest { StackName = "dev-platform", ChangeSetName = "deploy-1" }, Ct);
        var stack = await StackWaiter.WaitAsync(cfn, "dev-platform", Ct);
        var events = await cfn.DescribeStackEventsAsync(new DescribeStackEventsRequest { StackName = "dev-platform" }, Ct);

        var form = aws.Requests.First(r => r.Operation == "CreateChangeSet").Parameters;
        Assert.Equal("CREATE", form["ChangeSetType"]);
        Assert.Equal("EnvironmentName", form["Parameters.member.1.ParameterKey"]);
        Assert.Equal("dev", form["Parameters.member.1.ParameterValue"]);
        Assert.Equal("abc123", form["Parameters.member.2.ParameterValue"]);
        Assert.Equal("CAPABILITY_NAMED_IAM", form["Capabilities.member.2"]);
        Assert.Equal("env", form["Tags.member.1.Key"]);
        Assert.StartsWith("arn:aws:cloudformation:eu-west-1:123456789012:changeSet/deploy-1/", created.Id, StringComparison.Ordinal);
        Assert.Equal(ChangeSetStatus.CREATE_PENDING, pending.Status);
        Assert.Empty(pending.Changes!);
        Assert.Equal(ChangeSetStatus.CREATE_IN_PROGRESS, first.Status);
        Assert.Equal(ChangeSetStatus.CREATE_COMPLETE, ready.Status);
        Assert.Equal(ExecutionStatus.AVAILABLE, ready.ExecutionStatus);
        Assert.Equal("****", ready.Parameters!.Single(p => p.ParameterKey == "DbPassword").ParameterValue);
        Assert.Equal(
            [("Add", "Cluster", "AWS::ECS::Cluster"), ("Add", "AuthService", "AWS::ECS::Service")],
            ready.Changes!.Select(c => (c.ResourceChange!.Action!.Value, c.ResourceChange.LogicalResourceId, c.ResourceChange.ResourceType)));
        Assert.Equal(StackStatus.CREATE_COMPLETE, stack.StackStatus);
        Assert.Equal(created.StackId, stack.StackId);
        Assert.Equal("dev-alb.example.test", stack.Outputs!.Single(o => o.OutputKey == "AlbDnsName").OutputValue);
        Assert.Equal("abc123", stack.Parameters!.Single(p => p.ParameterKey == "ImageTag").ParameterValue);
        Assert.Equal(ResourceStatus.CREATE_COMPLETE, events.StackEvents![0].ResourceStatus);
        Assert.Equal("dev-platform", events.StackEvents[0].LogicalResourceId);
        Assert.Contains(events.StackEvents, e => e.LogicalResourceId == "AuthService" && e.ResourceStatus == ResourceStatus.CREATE_COMPLETE && e.ResourceType == "AWS::ECS::Service");
        Assert.True(events.StackEvents.Zip(events.StackEvents.Skip(1)).All(p => p.First.Timestamp > p.Second.Timestamp), "events come newest first");
    }

    [Fact]
    public async Task FailedCreateRollsBackAndCannotThenBeUpdated()
    {
        await using var aws = await FakeAwsServer.StartAsync(cancellationToken: Ct);
        aws.CloudFormation.Script("dev-platform", s => s.FailResource("AuthService", "Resource handler returned message: \"Invalid request provided: CannotPullContainerError\""));
        using var factory = FakeAwsClients.Create(aws);
        var cfn = factory.CreateCloudFormation();

        await ChangeSets.CreateAndExecuteAsync(cfn, "dev-platform", ChangeSetType.CREATE, Templates.Platform, Ct);
        var stack = await StackWaiter.WaitAsync(cfn, "dev-platform", Ct);
        var events = await cfn.Paginators.DescribeStackEvents(new DescribeStackEventsRequest { StackName = "dev-platform" }).StackEvents.ToListAsync(Ct);
        var update = await Assert.ThrowsAsync<AwsServiceError>(() => cfn.CreateChangeSetAsync(new CreateChangeSetRequest
        {
            StackName = "dev-platform", ChangeSetName = "again", ChangeSetType = ChangeSetType.UPDATE, TemplateBody = Templates.Platform,
            Parameters = [new Parameter { ParameterKey = "EnvironmentName", ParameterValue = "dev" }],
        }, Ct));

        Assert.Equal(StackStatus.ROLLBACK_COMPLETE, stack.StackStatus);
        var failed = Assert.Single(events, e => e.ResourceStatus == ResourceStatus.CREATE_FAILED);
        Assert.Equal("AuthService", failed.LogicalResourceId);
        Assert.Contains("CannotPullContainerError", failed.ResourceStatusReason, StringComparison.Ordinal);
        Assert.Contains(events, e => e.ResourceStatus == ResourceStatus.ROLLBACK_IN_PROGRESS && e.ResourceStatusReason!.Contains("[AuthService]", StringComparison.Ordinal));
        Assert.Contains(events, e => e.LogicalResourceId == "Cluster" && e.ResourceStatus == ResourceStatus.DELETE_COMPLETE);
        Assert.Equal("ValidationError", update.ErrorCode);
        Assert.Matches("^Stack:arn:aws:cloudformation:.* is in ROLLBACK_COMPLETE state and can not be updated.$", update.ErrorMessage);
    }

    [Fact]
    public async Task FailedUpdateRollsBackToUpdateRollbackComplete()
    {
        await using var aws = await FakeAwsServer.StartAsync(cancellationToken: Ct);
        aws.CloudFormation.AddStack("dev-platform", "CREATE_COMPLETE", Templates.Platform, new Dictionary<string, string> { ["EnvironmentName"] = "dev", ["ImageTag"] = "v1", ["DbPassword"] = "x" });
        aws.CloudFormation.Script("dev-platform", s => s.FailResource("EventsQueue", "Resource handler returned message: \"Queue already exists\""));
        using var factory = FakeAwsClients.Create(aws);
        var cfn = factory.CreateCloudFormation();

        var changes = await ChangeSets.CreateAndExecuteAsync(cfn, "dev-platform", ChangeSetType.UPDATE, Templates.PlatformWithQueue, Ct, imageTag: "v2");
        var stack = await StackWaiter.WaitAsync(cfn, "dev-platform", Ct);

        Assert.Equal([("Modify", "AuthService", "False"), ("Add", "EventsQueue", null)],
            changes.Select(c => (c.ResourceChange!.Action!.Value, c.ResourceChange.LogicalResourceId, c.ResourceChange.Replacement?.Value)));
        Assert.Equal(StackStatus.UPDATE_ROLLBACK_COMPLETE, stack.StackStatus);
        Assert.Equal("v1", stack.Parameters!.Single(p => p.ParameterKey == "ImageTag").ParameterValue);
        var state = aws.CloudFormation.Stack("dev-platform")!;
        Assert.Contains(state.Events, e => e.LogicalResourceId == "EventsQueue" && e.Status == "CREATE_FAILED" && e.Reason!.Contains("Queue already exists", StringComparison.Ordinal));
        Assert.Contains(state.Events, e => e.Status == "UPDATE_ROLLBACK_IN_PROGRESS" && e.Reason == "The following resource(s) failed to create: [EventsQueue].");
    }

    [Fact]
    public async Task FailedRollbackLeavesUpdateRollbackFailed()
    {
        await using var aws = await FakeAwsServer.StartAsync(cancellationToken: Ct);
        aws.CloudFormation.AddStack("dev-platform", "UPDATE_COMPLETE", Templates.Platform, new Dictionary<string, string> { ["EnvironmentName"] = "dev", ["ImageTag"] = "v1", ["DbPassword"] = "x" });
        aws.CloudFormation.Script("dev-platform", s => s
            .FailResource("AuthService", "Service did not stabilize")
            .FailRollback("AuthService", "Resource handler returned message: \"Service is draining\""));
        using var factory = FakeAwsClients.Create(aws);
        var cfn = factory.CreateCloudFormation();

        await ChangeSets.CreateAndExecuteAsync(cfn, "dev-platform", ChangeSetType.UPDATE, Templates.Platform, Ct, imageTag: "v2");
        var stack = await StackWaiter.WaitAsync(cfn, "dev-platform", Ct);

        Assert.Equal(StackStatus.UPDATE_ROLLBACK_FAILED, stack.StackStatus);
        Assert.Contains("[AuthService]", stack.StackStatusReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnchangedUpdateGivesFailedChangeSetThatCanBeDeleted()
    {
        await using var aws = await FakeAwsServer.StartAsync(cancellationToken: Ct);
        aws.CloudFormation.AddStack("dev-platform", "UPDATE_COMPLETE", Templates.Platform, new Dictionary<string, string> { ["EnvironmentName"] = "dev", ["ImageTag"] = "v1", ["DbPassword"] = "not-a-secret" });
        using var factory = FakeAwsClients.Create(aws);
        var cfn = factory.CreateCloudFormation();

        await cfn.CreateChangeSetAsync(new CreateChangeSetRequest
        {
            StackName = "dev-platform", ChangeSetName = "noop", ChangeSetType = ChangeSetType.UPDATE, TemplateBody = Templates.Platform,
            Parameters = [new Parameter { ParameterKey = "EnvironmentName", UsePreviousValue = true }, new Parameter { ParameterKey = "ImageTag", ParameterValue = "v1" }],
        }, Ct);
        DescribeChangeSetResponse described;
        do
        {
            described = await cfn.DescribeChangeSetAsync(new DescribeChangeSetRequest { StackName = "dev-platform", ChangeSetName = "noop" }, Ct);
        }
        while (described.Status == ChangeSetStatus.CREATE_PENDING || described.Status == ChangeSetStatus.CREATE_IN_PROGRESS);
        var execute = await Assert.ThrowsAsync<AwsServiceError>(() =>
            cfn.ExecuteChangeSetAsync(new ExecuteChangeSetRequest { StackName = "dev-platform", ChangeSetName = "noop" }, Ct));
        await cfn.DeleteChangeSetAsync(new DeleteChangeSetRequest { StackName = "dev-platform", ChangeSetName = "noop" }, Ct);

        Assert.Equal("true", aws.Requests.First(r => r.Operation == "CreateChangeSet").Parameters["Parameters.member.1.UsePreviousValue"]);
        Assert.Equal(ChangeSetStatus.FAILED, described.Status);
        Assert.Equal(ExecutionStatus.UNAVAILABLE, described.ExecutionStatus);
        Assert.StartsWith("The submitted information didn't contain changes.", described.StatusReason, StringComparison.Ordinal);
        Assert.Empty(described.Changes!);
        Assert.Equal("InvalidChangeSetStatus", execute.ErrorCode);
        Assert.Empty(aws.CloudFormation.Stack("dev-platform")!.ChangeSets);
    }

    [Fact]
    public async Task UpdateThatRemovesAndReplacesResourcesCompletesAfterCleanup()
    {
        await using var aws = await FakeAwsServer.StartAsync(cancellationToken: Ct);
        aws.CloudFormation.AddStack("dev-platform", "CREATE_COMPLETE", Templates.PlatformWithQueue, new Dictionary<string, string> { ["EnvironmentName"] = "dev", ["ImageTag"] = "v1", ["DbPassword"] = "x" });
        aws.CloudFormation.Script("dev-platform", s => s.Replace("Cluster"));
        using var factory = FakeAwsClients.Create(aws);
        var cfn = factory.CreateCloudFormation();
        var renamed = Templates.Platform.Replace("${EnvironmentName}-platform", "${EnvironmentName}-platform-v2", StringComparison.Ordinal);

        var changes = await ChangeSets.CreateAndExecuteAsync(cfn, "dev-platform", ChangeSetType.UPDATE, renamed, Ct, imageTag: "v1");
        var stack = await StackWaiter.WaitAsync(cfn, "dev-platform", Ct);

        // The service refers to the replaced cluster (!Ref Cluster), so its Cluster property changes too (ChangeSource ResourceReference,
        // Evaluation Dynamic); an ECS service's Cluster is "Update requires: Replacement", so the service may be replaced: Conditional.
        // https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-ecs-service.html
        Assert.Equal([("Modify", "Cluster", "True"), ("Modify", "AuthService", "Conditional"), ("Remove", "EventsQueue", null)],
            changes.Select(c => (c.ResourceChange!.Action!.Value, c.ResourceChange.LogicalResourceId, c.ResourceChange.Replacement?.Value)));
        Assert.Equal(["Properties"], changes[0].ResourceChange!.Scope);
        Assert.Equal(StackStatus.UPDATE_COMPLETE, stack.StackStatus);
        var state = aws.CloudFormation.Stack("dev-platform")!;
        Assert.Equal(["Cluster", "AuthService"], state.Resources);
        Assert.Contains(state.Events, e => e.LogicalResourceId == "EventsQueue" && e.Status == "DELETE_COMPLETE");
        Assert.Contains(state.Events, e => e.Status == "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS");
    }

    [Fact]
    public async Task StackAlreadyInProgressRefusesUpdatesUntilItSettles()
    {
        await using var aws = await FakeAwsServer.StartAsync(cancellationToken: Ct);
        aws.CloudFormation.AddStack("dev-platform", "UPDATE_IN_PROGRESS", Templates.Platform, new Dictionary<string, string> { ["EnvironmentName"] = "dev" }, settlesAfter: 3);
        using var factory = FakeAwsClients.Create(aws);
        var cfn = factory.CreateCloudFormation();

        var refused = await Assert.ThrowsAsync<AwsServiceError>(() => cfn.CreateChangeSetAsync(new CreateChangeSetRequest
        {
            StackName = "dev-platform", ChangeSetName = "c1", ChangeSetType = ChangeSetType.UPDATE, TemplateBody = Templates.Platform,
            Parameters = [new Parameter { ParameterKey = "EnvironmentName", ParameterValue = "dev" }],
        }, Ct));
        var statuses = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            statuses.Add((await cfn.DescribeStacksAsync(new DescribeStacksRequest { StackName = "dev-platform" }, Ct)).Stacks![0].StackStatus!.Value);
        }

        Assert.Contains("is in UPDATE_IN_PROGRESS state and can not be updated.", refused.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(["UPDATE_IN_PROGRESS", "UPDATE_IN_PROGRESS", "UPDATE_COMPLETE", "UPDATE_COMPLETE"], statuses);
    }

    [Fact]
    public async Task DescribeStackEventsPaginatorFollowsTokensAcrossThreePages()
    {
        await using var aws = await FakeAwsServer.StartAsync(cancellationToken: Ct);
        aws.CloudFormation.AddStack("dev-platform", "CREATE_COMPLETE", Templates.Platform);
        aws.CloudFormation.EventsPageSize = 2;
        using var factory = FakeAwsClients.Create(aws);
        var cfn = factory.CreateCloudFormation();

        var single = await cfn.DescribeStackEventsAsync(new DescribeStackEventsRequest { StackName = "dev-platform" }, Ct);
        var all = await cfn.Paginators.DescribeStackEvents(new DescribeStackEventsRequest { StackName = "dev-platform" }).StackEvents.ToListAsync(Ct);

        // CREATE_IN_PROGRESS, two events per resource, CREATE_COMPLETE: six events, three pages of two.
        Assert.Equal(2, single.StackEvents!.Count);
        Assert.NotNull(single.NextToken);
        Assert.Equal(6, all.Count);
        Assert.Equal(6, all.Select(e => e.EventId).Distinct().Count());
        var pages = aws.Requests.Where(r => r.Operation == "DescribeStackEvents").Skip(1).ToList();
        Assert.Equal(3, pages.Count);
        Assert.False(pages[0].Parameters.ContainsKey("NextToken"));
        Assert.True(pages[1].Parameters.ContainsKey("NextToken"));
        Assert.True(pages[2].Parameters.ContainsKey("NextToken"));
        Assert.Equal(ResourceStatus.CREATE_IN_PROGRESS, all[^1].ResourceStatus);
    }

    [Fact]
    public async Task DescribeStacksPaginatorListsEveryStack()
    {
        await using var aws = await FakeAwsServer.StartAsync(cancellationToken: Ct);
        foreach (var name in new[] { "a", "b", "c", "d", "e" })
        {
            aws.CloudFormation.AddStack(name, "CREATE_COMPLETE");
        }

        aws.CloudFormation.StacksPageSize = 2;
        using var factory = FakeAwsClients.Create(aws);

        var stacks = await factory.CreateCloudFormation().Paginators.DescribeStacks(new DescribeStacksRequest()).Stacks.ToListAsync(Ct);

        Assert.Equal(["a", "b", "c", "d", "e"], stacks.Select(s => s.StackName));
        Assert.Equal(3, aws.Requests.Count(r => r.Operation == "DescribeStacks"));
    }

    [Fact]
    public async Task DeleteStackEndsInDeleteCompleteThenTheStackIsGone()
    {
        await using var aws = await FakeAwsServer.StartAsync(cancellationToken: Ct);
        aws.CloudFormation.AddStack("dev-platform", "ROLLBACK_COMPLETE", Templates.Platform);
        using var factory = FakeAwsClients.Create(aws);
        var cfn = factory.CreateCloudFormation();
        var id = (await cfn.DescribeStacksAsync(new DescribeStacksRequest { StackName = "dev-platform" }, Ct)).Stacks![0].StackId;

        await cfn.DeleteStackAsync(new DeleteStackRequest { StackName = "dev-platform" }, Ct);
        var byId = await StackWaiter.WaitAsync(cfn, id!, Ct);
        var byName = await Assert.ThrowsAsync<AwsServiceError>(() => cfn.DescribeStacksAsync(new DescribeStacksRequest { StackName = "dev-platform" }, Ct));
        await cfn.DeleteStackAsync(new DeleteStackRequest { StackName = "dev-platform" }, Ct);

        Assert.Equal(StackStatus.DELETE_COMPLETE, byId.StackStatus);
        Assert.Equal("Stack with id dev-platform does not exist", byName.ErrorMessage);
    }

    [Fact]
    public async Task CreateChangeSetWithoutRequiredCapabilityIsRefused()
    {
        await using var aws = await FakeAwsServer.StartAsync(cancellationToken: Ct);
        using var factory = FakeAwsClients.Create(aws);

        var error = await Assert.ThrowsAsync<AwsServiceError>(() => factory.CreateCloudFormation().CreateChangeSetAsync(new CreateChangeSetRequest
        {
            StackName = "iam", ChangeSetName = "c1", ChangeSetType = ChangeSetType.CREATE, TemplateBody = Templates.WithIamRole,
        }, Ct));

        Assert.Equal("CloudFormation InsufficientCapabilitiesException: Requires capabilities : [CAPABILITY_IAM]", error.Message);
    }
}

internal static class StackWaiter
{
    /// <summary>Describes until the stack leaves *_IN_PROGRESS; the fake moves one step per describe.</summary>
    public static async Task<Stack> WaitAsync(IAmazonCloudFormation cfn, string stackName, CancellationToken ct)
    {
        for (var i = 0; i < 50; i++)
        {
            var stack = (await cfn.DescribeStacksAsync(new DescribeStacksRequest { StackName = stackName }, ct)).Stacks!.Single();
            if (!stack.StackStatus!.Value.EndsWith("_IN_PROGRESS", StringComparison.Ordinal))
            {
                return stack;
            }
        }

        throw new TimeoutException($"{stackName} never settled");
    }
}

internal static class ChangeSets
{
    public static async Task<List<Change>> CreateAndExecuteAsync(
        IAmazonCloudFormation cfn, string stack, ChangeSetType type, string template, CancellationToken ct, string imageTag = "v1")
    {
        await cfn.CreateChangeSetAsync(new CreateChangeSetRequest
        {
            StackName = stack, ChangeSetName = "deploy", ChangeSetType = type, TemplateBody = template,
            Parameters = [new Parameter { ParameterKey = "EnvironmentName", ParameterValue = "dev" }, new Parameter { ParameterKey = "ImageTag", ParameterValue = imageTag }],
        }, ct);
        DescribeChangeSetResponse described;
        do
        {
            described = await cfn.DescribeChangeSetAsync(new DescribeChangeSetRequest { StackName = stack, ChangeSetName = "deploy" }, ct);
        }
        while (described.Status != ChangeSetStatus.CREATE_COMPLETE && described.Status != ChangeSetStatus.FAILED);

        await cfn.ExecuteChangeSetAsync(new ExecuteChangeSetRequest { StackName = stack, ChangeSetName = "deploy" }, ct);
        return described.Changes!;
    }
}
