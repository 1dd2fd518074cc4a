using Platform.FakeAws;

namespace BuildTests.Deploy;

public sealed class DeployStackTests
{
    const string Stack = "platform-dev";
    const string Deploy = $"DeployStack --skip --env dev --acm-certificate-arn {DeployHarness.Certificate}";

    [Fact]
    public async Task FirstDeployCreatesTheStackPrintingChangeSetEventsAndOutputs()
    {
        await using var harness = await DeployHarness.StartAsync();
        harness.Aws.CloudFormation.Script(Stack, s => s.Output("AlbDnsName", "dev-alb-123.eu-west-1.elb.amazonaws.com"));

        var (exitCode, output) = await harness.RunAsync($"{Deploy} --tag abc1234");

        Assert.True(exitCode == 0, output);
        Assert.Matches(@"Action\s+LogicalId\s+Type\s+Replacement", output);
        Assert.Matches(@"Add\s+AuthTaskDefinition\s+AWS::ECS::TaskDefinition", output);
        // Events stream oldest first: the stack's CREATE_IN_PROGRESS before the resources, CREATE_COMPLETE last.
        var started = output.IndexOf("CREATE_IN_PROGRESS                           platform-dev", StringComparison.Ordinal);
        var resource = output.IndexOf("CREATE_COMPLETE                              Vpc (AWS::EC2::VPC)", StringComparison.Ordinal);
        var finished = output.IndexOf("CREATE_COMPLETE                              platform-dev", StringComparison.Ordinal);
        Assert.True(started >= 0 && resource > started && finished > resource, output);
        Assert.Matches(@"AlbDnsName\s+dev-alb-123\.eu-west-1\.elb\.amazonaws\.com", output);
        var state = harness.Aws.CloudFormation.Stack(Stack)!;
        Assert.Equal("CREATE_COMPLETE", state.Status);
        Assert.Equal("abc1234", state.Parameters["AuthImageTag"]);
        Assert.Equal("abc1234", state.Parameters["NotificationImageTag"]);
        Assert.Equal("true", state.Parameters["ServicesEnabled"]);
        Assert.Equal("true", state.Parameters["SingleNatGateway"]);
        var create = harness.Aws.Requests.Single(r => r.Operation == "CreateChangeSet");
        Assert.Equal("CREATE", create.Parameters["ChangeSetType"]);
        Assert.Equal("CAPABILITY_NAMED_IAM", create.Parameters["Capabilities.member.1"]);
    }

    [Fact]
    public async Task ACloudFormationRoleIsHandedToTheChangeSetAndOtherwiseLeftOut()
    {
        // Given the least-privilege set-up of cloudformation/github-oidc.yaml: the stack changes under its own role
        await using var harness = await DeployHarness.StartAsync();
        const string role = "arn:aws:iam::123456789012:role/dev-platform-cloudformation";

        // When
        var (exitCode, output) = await harness.RunAsync($"{Deploy} --tag abc1234 --cloud-formation-role-arn {role}");
        harness.AddDevServices();
        var (secondExit, secondOutput) = await harness.RunAsync($"{Deploy} --tag def5678");

        // Then
        Assert.True(exitCode == 0, output);
        Assert.True(secondExit == 0, secondOutput);
        var changeSets = harness.Aws.Requests.Where(r => r.Operation == "CreateChangeSet").ToList();
        Assert.Equal(role, changeSets[0].Parameters["RoleARN"]);
        Assert.False(changeSets[1].Parameters.ContainsKey("RoleARN"));
    }

    [Fact]
    public async Task UpdateWithANewTagModifiesTheTaskDefinitionsAndChecksTheRollouts()
    {
        await using var harness = await DeployHarness.StartAsync();
        Assert.Equal(0, (await harness.RunAsync($"{Deploy} --tag first")).ExitCode);
        harness.AddDevServices();
        // Several pages of events per poll: the stream must page back to the last event it printed.
        harness.Aws.CloudFormation.EventsPageSize = 2;

        var (exitCode, output) = await harness.RunAsync($"{Deploy} --tag second");

        Assert.True(exitCode == 0, output);
        Assert.Matches(@"Modify\s+AuthTaskDefinition\s+AWS::ECS::TaskDefinition\s+no", output);
        // Each event exactly once, however many pages it took to reach it.
        foreach (var definition in new[] { "Auth", "User", "Billing", "Notification" })
            Assert.Single(output.Split('\n'), l => l.Contains($"UPDATE_COMPLETE                              {definition}TaskDefinition", StringComparison.Ordinal));
        OutputAssert.Contains("Stack platform-dev is UPDATE_COMPLETE.", output);
        OutputAssert.Contains("Task definitions changed: checking the services' rollouts.", output);
        OutputAssert.Contains("All 4 deployments COMPLETED.", output);
        Assert.Equal("second", harness.Aws.CloudFormation.Stack(Stack)!.Parameters["UserImageTag"]);
        Assert.Equal("UPDATE", harness.Aws.Requests.Last(r => r.Operation == "CreateChangeSet").Parameters["ChangeSetType"]);
    }

    [Fact]
    public async Task DeployWithoutChangesSucceedsAndDeletesTheEmptyChangeSet()
    {
        await using var harness = await DeployHarness.StartAsync();
        harness.Aws.CloudFormation.Script(Stack, s => s.Output("AlbDnsName", "dev-alb-123.eu-west-1.elb.amazonaws.com"));
        Assert.Equal(0, (await harness.RunAsync($"{Deploy} --tag same")).ExitCode);

        var (exitCode, output) = await harness.RunAsync($"{Deploy} --tag same");

        Assert.True(exitCode == 0, output);
        OutputAssert.Contains("No changes: stack platform-dev already matches", output);
        var created = harness.Aws.Requests.Last(r => r.Operation == "CreateChangeSet").Parameters["ChangeSetName"];
        Assert.Equal(created, harness.Aws.Requests.Single(r => r.Operation == "DeleteChangeSet").Parameters["ChangeSetName"]);
        Assert.DoesNotContain(created, harness.Aws.CloudFormation.Stack(Stack)!.ChangeSets);
        Assert.Equal(1, harness.Count("ExecuteChangeSet"));
        Assert.Matches(@"AlbDnsName\s+dev-alb-123", output);
    }

    [Fact]
    public async Task FailedCreateRollsBackAndReportsTheFailedResourceAndReason()
    {
        await using var harness = await DeployHarness.StartAsync();
        harness.Aws.CloudFormation.Script(Stack, s => s.FailResource("Database", "Resource handler returned message: \"DB instance class db.t4g.micro is not available\""));

        var (exitCode, output) = await harness.RunAsync($"{Deploy} --tag abc1234");

        Assert.Equal(1, exitCode);
        OutputAssert.Contains("Stack platform-dev ended ROLLBACK_COMPLETE", output);
        OutputAssert.Contains("Failed resources:", output);
        OutputAssert.Contains("Database (AWS::RDS::DBInstance) CREATE_FAILED: Resource handler returned message: \"DB instance class db.t4g.micro is not available\"", output);
        OutputAssert.Contains("Build failed", output);
    }

    [Fact]
    public async Task FailedUpdateEndsUpdateRollbackCompleteAndFails()
    {
        await using var harness = await DeployHarness.StartAsync();
        Assert.Equal(0, (await harness.RunAsync($"{Deploy} --tag first")).ExitCode);
        harness.Aws.CloudFormation.Script(Stack, s => s.FailResource("AuthTaskDefinition", "Resource handler returned message: \"Invalid request provided: Create TaskDefinition: Container.image should not be null or empty.\""));

        var (exitCode, output) = await harness.RunAsync($"{Deploy} --tag second");

        Assert.Equal(1, exitCode);
        OutputAssert.Contains("ended UPDATE_ROLLBACK_COMPLETE: the update failed and was rolled back", output);
        OutputAssert.Contains("AuthTaskDefinition (AWS::ECS::TaskDefinition) UPDATE_FAILED: Resource handler returned message: \"Invalid request provided", output);
    }

    [Fact]
    public async Task RollbackCompleteStackIsExplainedAndLeftAloneWithoutTheFlag()
    {
        await using var harness = await DeployHarness.StartAsync();
        harness.Aws.CloudFormation.AddStack(Stack, "ROLLBACK_COMPLETE", await Template());

        var (exitCode, output) = await harness.RunAsync($"{Deploy} --tag abc1234");

        Assert.Equal(1, exitCode);
        OutputAssert.Contains("Stack platform-dev is ROLLBACK_COMPLETE: its first create failed", output);
        OutputAssert.Contains("--recreate-failed-stack", output);
        Assert.Equal(0, harness.Count("DeleteStack"));
        Assert.Equal(0, harness.Count("CreateChangeSet"));
    }

    [Fact]
    public async Task RollbackCompleteStackIsDeletedAndCreatedAgainWithTheFlag()
    {
        await using var harness = await DeployHarness.StartAsync();
        harness.Aws.CloudFormation.AddStack(Stack, "ROLLBACK_COMPLETE", await Template());

        var (exitCode, output) = await harness.RunAsync($"{Deploy} --tag abc1234 --recreate-failed-stack");

        Assert.True(exitCode == 0, output);
        OutputAssert.Contains("--recreate-failed-stack: deleting it", output);
        OutputAssert.Contains("Stack platform-dev deleted.", output);
        Assert.Equal(1, harness.Count("DeleteStack"));
        Assert.Equal("CREATE_COMPLETE", harness.Aws.CloudFormation.Stack(Stack)!.Status);
    }

    [Fact]
    public async Task StackAlreadyInProgressIsWaitedForWithItsEventsBeforeTheDeployStarts()
    {
        await using var harness = await DeployHarness.StartAsync();
        Assert.Equal(0, (await harness.RunAsync($"{Deploy} --tag first")).ExitCode);
        var parameters = harness.Aws.CloudFormation.Stack(Stack)!.Parameters;
        await using var busy = await DeployHarness.StartAsync();
        busy.Aws.CloudFormation.AddStack(Stack, "UPDATE_IN_PROGRESS", await Template(), parameters, settlesAfter: 8);
        busy.AddDevServices();

        var (exitCode, output) = await busy.RunAsync($"{Deploy} --tag second");

        Assert.True(exitCode == 0, output);
        OutputAssert.Contains("Stack platform-dev is UPDATE_IN_PROGRESS (another deploy or a rollback is running): waiting", output);
        OutputAssert.Contains("Stack platform-dev is now UPDATE_COMPLETE.", output);
        var waited = output.IndexOf("is now UPDATE_COMPLETE", StringComparison.Ordinal);
        Assert.True(output.IndexOf("UPDATE_IN_PROGRESS                           ServiceSubnetB (AWS::EC2::Subnet)", StringComparison.Ordinal) is var e && e > 0 && e < waited, output);
        Assert.True(output.IndexOf("Creating change set", StringComparison.Ordinal) > waited, output);
    }

    [Fact]
    public async Task UpdateRollbackFailedStopsNamingContinueUpdateRollback()
    {
        await using var harness = await DeployHarness.StartAsync();
        harness.Aws.CloudFormation.AddStack(Stack, "UPDATE_ROLLBACK_FAILED", await Template());

        var (exitCode, output) = await harness.RunAsync($"{Deploy} --tag abc1234");

        Assert.Equal(1, exitCode);
        OutputAssert.Contains("ContinueUpdateRollback", output);
        OutputAssert.Contains("aws cloudformation continue-update-rollback --stack-name platform-dev", output);
        Assert.Equal(0, harness.Count("CreateChangeSet"));
    }

    [Fact]
    public async Task ThrottlingIsRetriedAndSaidSo()
    {
        await using var harness = await DeployHarness.StartAsync();
        harness.Aws.ThrottleNext(2);

        var (exitCode, output) = await harness.RunAsync($"{Deploy} --tag abc1234");

        Assert.True(exitCode == 0, output);
        OutputAssert.Contains("CloudFormation DescribeStacks: Throttling", output);
        Assert.Equal(2, harness.Aws.Requests.Count(r => r.ErrorCode == "Throttling"));
    }

    [Fact]
    public async Task ChangeSetOnlyPrintsTheChangeSetAndStops()
    {
        await using var harness = await DeployHarness.StartAsync();
        Assert.Equal(0, (await harness.RunAsync($"{Deploy} --tag first")).ExitCode);

        var (exitCode, output) = await harness.RunAsync($"{Deploy} --tag second --change-set-only");

        Assert.True(exitCode == 0, output);
        Assert.Matches(@"Modify\s+UserTaskDefinition", output);
        OutputAssert.Contains("aws cloudformation execute-change-set --stack-name platform-dev", output);
        Assert.Equal(1, harness.Count("ExecuteChangeSet"));
        Assert.Equal("first", harness.Aws.CloudFormation.Stack(Stack)!.Parameters["AuthImageTag"]);
        Assert.Contains(harness.Aws.Requests.Last(r => r.Operation == "CreateChangeSet").Parameters["ChangeSetName"], harness.Aws.CloudFormation.Stack(Stack)!.ChangeSets);
    }

    [Fact]
    public async Task CtrlCWhileExecutingSaysWhereTheStackIsAndHowToCancel()
    {
        await using var harness = await DeployHarness.StartAsync();
        Assert.Equal(0, (await harness.RunAsync($"{Deploy} --tag first")).ExitCode);

        var (exitCode, output) = await harness.RunAsync($"{Deploy} --tag second", cancelWhen: "UPDATE_IN_PROGRESS");

        Assert.Equal(130, exitCode);
        OutputAssert.Contains("Interrupted while CloudFormation executes the change set: stack platform-dev is UPDATE_IN_PROGRESS", output);
        OutputAssert.Contains("aws cloudformation cancel-update-stack --stack-name platform-dev", output);
        OutputAssert.Contains("Build cancelled", output);
    }

    [Fact]
    public async Task CtrlCBeforeExecutingDeletesTheChangeSetAndChangesNothing()
    {
        await using var harness = await DeployHarness.StartAsync();
        Assert.Equal(0, (await harness.RunAsync($"{Deploy} --tag first")).ExitCode);
        harness.Aws.CloudFormation.ChangeSetDescribesUntilReady = 1_000_000;

        var (exitCode, output) = await harness.RunAsync($"{Deploy} --tag second", cancelWhen: "still waiting for change set");

        Assert.Equal(130, exitCode);
        OutputAssert.Contains("Cancelled before executing: stack platform-dev was not changed; change set deploy-second-", output);
        OutputAssert.Contains(" was deleted.", output);
        Assert.Equal(1, harness.Count("ExecuteChangeSet"));
        Assert.Equal(1, harness.Count("DeleteChangeSet"));
        Assert.Equal("first", harness.Aws.CloudFormation.Stack(Stack)!.Parameters["AuthImageTag"]);
    }

    static Task<string> Template() =>
        File.ReadAllTextAsync(Path.Combine(BuildRun.RepositoryRoot, "cloudformation", "microserviceplatform.yaml"), TestContext.Current.CancellationToken);
}
