using Platform.FakeAws;

namespace BuildTests.Deploy;

public sealed class DeployStackTests
{
    const string Stack = DeployHarness.Stack;
    const string Deploy = $"DeployStack --skip --env dev --acm-certificate-arn {DeployHarness.Certificate}";

    [Fact]
    public async Task FirstDeployCreatesPhaseOneThenTurnsTheServicesOnPrintingChangeSetsEventsAndOutputs()
    {
        await using var harness = await DeployHarness.StartAsync();
        harness.Aws.CloudFormation.Script(Stack, s => s.Output("AlbDnsName", "dev-alb-123.eu-west-1.elb.amazonaws.com"));

        var (exitCode, output) = await DeployAsync(harness, "--tag abc1234");

        Assert.True(exitCode == 0, output);
        Assert.Matches(@"Action\s+LogicalId\s+Type\s+Replacement", output);
        Assert.Matches(@"Add\s+AuthTaskDefinition\s+AWS::ECS::TaskDefinition", output);
        // Phase 2 adds what the DeployServices condition holds back in phase 1.
        var phaseTwo = output.IndexOf("(UPDATE) for stack", StringComparison.Ordinal);
        Assert.True(phaseTwo > 0 && output.IndexOf("AuthService ", phaseTwo, StringComparison.Ordinal) > phaseTwo, output);
        Assert.Matches(@"Add\s+AuthService\s+AWS::ECS::Service", output[phaseTwo..]);
        Assert.DoesNotMatch(@"Add\s+AuthService\s+AWS::ECS::Service", output[..phaseTwo]);
        // Events stream oldest first: the stack's CREATE_IN_PROGRESS before the resources, CREATE_COMPLETE last.
        var started = output.IndexOf("CREATE_IN_PROGRESS                           dev-microservices-platform", StringComparison.Ordinal);
        var resource = output.IndexOf("CREATE_COMPLETE                              Vpc (AWS::EC2::VPC)", StringComparison.Ordinal);
        var finished = output.IndexOf("CREATE_COMPLETE                              dev-microservices-platform", StringComparison.Ordinal);
        Assert.True(started >= 0 && resource > started && finished > resource, output);
        Assert.Matches(@"AlbDnsName\s+dev-alb-123\.eu-west-1\.elb\.amazonaws\.com", output);
        var state = harness.Aws.CloudFormation.Stack(Stack)!;
        Assert.Equal("UPDATE_COMPLETE", state.Status);
        Assert.Equal("abc1234", state.Parameters["AuthImageTag"]);
        Assert.Equal("abc1234", state.Parameters["NotificationImageTag"]);
        Assert.Equal("true", state.Parameters["ServicesEnabled"]);
        Assert.Equal("true", state.Parameters["SingleNatGateway"]);
        var changeSets = harness.Aws.Requests.Where(r => r.Operation == "CreateChangeSet").ToList();
        Assert.Equal(["CREATE", "UPDATE"], changeSets.Select(c => c.Parameters["ChangeSetType"]));
        Assert.Equal("CAPABILITY_NAMED_IAM", changeSets[0].Parameters["Capabilities.member.1"]);
        OutputAssert.Contains("Phase 2 done: the ECS services exist now.", output);
        Assert.All(DeployHarness.Services, s => Assert.Equal(1, harness.Aws.Ecs.Service(DeployHarness.Cluster, $"dev-{s}")!.DeploymentsStarted));
    }

    [Fact]
    public async Task ACloudFormationRoleIsHandedToTheChangeSetAndOtherwiseLeftOut()
    {
        // Given the least-privilege set-up of cloudformation/github-oidc.yaml: the stack changes under its own role
        await using var harness = await DeployHarness.StartAsync();
        const string role = "arn:aws:iam::123456789012:role/dev-platform-cloudformation";

        // When
        var (exitCode, output) = await DeployAsync(harness, $"--tag abc1234 --cloud-formation-role-arn {role}");
        var (secondExit, secondOutput) = await DeployAsync(harness, "--tag def5678");

        // Then
        Assert.True(exitCode == 0, output);
        Assert.True(secondExit == 0, secondOutput);
        var changeSets = harness.Aws.Requests.Where(r => r.Operation == "CreateChangeSet").ToList();
        Assert.Equal(3, changeSets.Count);
        Assert.Equal(role, changeSets[0].Parameters["RoleARN"]);
        Assert.Equal(role, changeSets[1].Parameters["RoleARN"]);
        Assert.False(changeSets[2].Parameters.ContainsKey("RoleARN"));
    }

    [Fact]
    public async Task UpdateWithANewTagModifiesTheTaskDefinitionsAndChecksTheRollouts()
    {
        await using var harness = await DeployHarness.StartAsync();
        Assert.Equal(0, (await DeployAsync(harness, "--tag first")).ExitCode);
        // Several pages of events per poll: the stream must page back to the last event it printed.
        harness.Aws.CloudFormation.EventsPageSize = 2;

        var (exitCode, output) = await DeployAsync(harness, "--tag second");

        Assert.True(exitCode == 0, output);
        // Every property of AWS::ECS::TaskDefinition is "Update requires: Replacement"; the services follow the new ARN.
        Assert.Matches(@"Modify\s+AuthTaskDefinition\s+AWS::ECS::TaskDefinition\s+yes", output);
        Assert.Matches(@"Modify\s+AuthService\s+AWS::ECS::Service\s+no", output);
        // Each event exactly once, however many pages it took to reach it.
        foreach (var definition in new[] { "Auth", "User", "Billing", "Notification" })
            Assert.Single(output.Split('\n'), l => l.Contains($"UPDATE_COMPLETE                              {definition}TaskDefinition", StringComparison.Ordinal));
        OutputAssert.Contains("Stack dev-microservices-platform is UPDATE_COMPLETE.", output);
        OutputAssert.Contains("Checking the rollouts this deploy started: dev-auth-service, dev-user-service, dev-billing-service, dev-notification-service.", output);
        OutputAssert.Contains("All 4 deployments COMPLETED.", output);
        Assert.All(DeployHarness.Services, s => Assert.Equal(2, harness.Aws.Ecs.Service(DeployHarness.Cluster, $"dev-{s}")!.DeploymentsStarted));
        Assert.Equal("second", harness.Aws.CloudFormation.Stack(Stack)!.Parameters["UserImageTag"]);
        Assert.Equal("UPDATE", harness.Aws.Requests.Last(r => r.Operation == "CreateChangeSet").Parameters["ChangeSetType"]);
    }

    [Fact]
    public async Task DeployWithoutChangesSucceedsAndDeletesTheEmptyChangeSet()
    {
        await using var harness = await DeployHarness.StartAsync();
        harness.Aws.CloudFormation.Script(Stack, s => s.Output("AlbDnsName", "dev-alb-123.eu-west-1.elb.amazonaws.com"));
        Assert.Equal(0, (await DeployAsync(harness, "--tag same")).ExitCode);

        // The same images (seeding again would push a new image under the tag: a change, by digest).
        var (exitCode, output) = await harness.RunAsync($"{Deploy} --tag same");

        Assert.True(exitCode == 0, output);
        OutputAssert.Contains("No changes: stack dev-microservices-platform already matches", output);
        var created = harness.Aws.Requests.Last(r => r.Operation == "CreateChangeSet").Parameters["ChangeSetName"];
        Assert.Equal(created, harness.Aws.Requests.Single(r => r.Operation == "DeleteChangeSet").Parameters["ChangeSetName"]);
        Assert.DoesNotContain(created, harness.Aws.CloudFormation.Stack(Stack)!.ChangeSets);
        Assert.Equal(2, harness.Count("ExecuteChangeSet"));
        Assert.Matches(@"AlbDnsName\s+dev-alb-123", output);
    }

    [Fact]
    public async Task FailedCreateRollsBackAndReportsTheFailedResourceAndReason()
    {
        await using var harness = await DeployHarness.StartAsync();
        harness.Aws.CloudFormation.Script(Stack, s => s.FailResource("Database", "Resource handler returned message: \"DB instance class db.t4g.micro is not available\""));

        var (exitCode, output) = await DeployAsync(harness, "--tag abc1234");

        Assert.Equal(1, exitCode);
        OutputAssert.Contains("Stack dev-microservices-platform ended ROLLBACK_COMPLETE", output);
        OutputAssert.Contains("Failed resources:", output);
        OutputAssert.Contains("Database (AWS::RDS::DBInstance) CREATE_FAILED: Resource handler returned message: \"DB instance class db.t4g.micro is not available\"", output);
        OutputAssert.Contains("Build failed", output);
    }

    [Fact]
    public async Task FailedUpdateEndsUpdateRollbackCompleteAndFails()
    {
        await using var harness = await DeployHarness.StartAsync();
        Assert.Equal(0, (await DeployAsync(harness, "--tag first")).ExitCode);
        harness.Aws.CloudFormation.Script(Stack, s => s.FailResource("AuthTaskDefinition", "Resource handler returned message: \"Invalid request provided: Create TaskDefinition: Container.image should not be null or empty.\""));

        var (exitCode, output) = await DeployAsync(harness, "--tag second");

        Assert.Equal(1, exitCode);
        OutputAssert.Contains("ended UPDATE_ROLLBACK_COMPLETE: the update failed and was rolled back", output);
        OutputAssert.Contains("AuthTaskDefinition (AWS::ECS::TaskDefinition) UPDATE_FAILED: Resource handler returned message: \"Invalid request provided", output);
    }

    [Fact]
    public async Task RollbackCompleteStackIsExplainedAndLeftAloneWithoutTheFlag()
    {
        await using var harness = await DeployHarness.StartAsync();
        harness.Aws.CloudFormation.AddStack(Stack, "ROLLBACK_COMPLETE", await Template());

        var (exitCode, output) = await DeployAsync(harness, "--tag abc1234");

        Assert.Equal(1, exitCode);
        OutputAssert.Contains("Stack dev-microservices-platform is ROLLBACK_COMPLETE: its first create failed", output);
        OutputAssert.Contains("--recreate-failed-stack", output);
        Assert.Equal(0, harness.Count("DeleteStack"));
        Assert.Equal(0, harness.Count("CreateChangeSet"));
    }

    [Fact]
    public async Task RollbackCompleteStackIsDeletedAndCreatedAgainWithTheFlag()
    {
        await using var harness = await DeployHarness.StartAsync();
        harness.Aws.CloudFormation.AddStack(Stack, "ROLLBACK_COMPLETE", await Template());

        var (exitCode, output) = await DeployAsync(harness, "--tag abc1234 --recreate-failed-stack");

        Assert.True(exitCode == 0, output);
        OutputAssert.Contains("--recreate-failed-stack: deleting it", output);
        OutputAssert.Contains("Stack dev-microservices-platform deleted.", output);
        Assert.Equal(1, harness.Count("DeleteStack"));
        Assert.Equal("UPDATE_COMPLETE", harness.Aws.CloudFormation.Stack(Stack)!.Status);
        Assert.Equal("true", harness.Aws.CloudFormation.Stack(Stack)!.Parameters["ServicesEnabled"]);
    }

    [Fact]
    public async Task StackAlreadyInProgressIsWaitedForWithItsEventsBeforeTheDeployStarts()
    {
        await using var harness = await DeployHarness.StartAsync();
        Assert.Equal(0, (await DeployAsync(harness, "--tag first")).ExitCode);
        var parameters = harness.Aws.CloudFormation.Stack(Stack)!.Parameters;
        await using var busy = await DeployHarness.StartAsync();
        busy.Aws.CloudFormation.AddStack(Stack, "UPDATE_IN_PROGRESS", await Template(), parameters, settlesAfter: 8);
        busy.AddDevServices();

        var (exitCode, output) = await DeployAsync(busy, "--tag second");

        Assert.True(exitCode == 0, output);
        OutputAssert.Contains("Stack dev-microservices-platform is UPDATE_IN_PROGRESS (another deploy or a rollback is running): waiting", output);
        OutputAssert.Contains("Stack dev-microservices-platform is now UPDATE_COMPLETE.", output);
        var waited = output.IndexOf("is now UPDATE_COMPLETE", StringComparison.Ordinal);
        Assert.True(output.IndexOf("UPDATE_IN_PROGRESS                           ServiceSubnetB (AWS::EC2::Subnet)", StringComparison.Ordinal) is var e && e > 0 && e < waited, output);
        Assert.True(output.IndexOf("Creating change set", StringComparison.Ordinal) > waited, output);
    }

    [Fact]
    public async Task UpdateRollbackFailedStopsNamingContinueUpdateRollback()
    {
        await using var harness = await DeployHarness.StartAsync();
        harness.Aws.CloudFormation.AddStack(Stack, "UPDATE_ROLLBACK_FAILED", await Template());

        var (exitCode, output) = await DeployAsync(harness, "--tag abc1234");

        Assert.Equal(1, exitCode);
        OutputAssert.Contains("ContinueUpdateRollback", output);
        OutputAssert.Contains("aws cloudformation continue-update-rollback --stack-name dev-microservices-platform", output);
        Assert.Equal(0, harness.Count("CreateChangeSet"));
    }

    [Fact]
    public async Task ThrottlingIsRetriedAndSaidSo()
    {
        await using var harness = await DeployHarness.StartAsync();
        harness.Aws.ThrottleNext(2);

        var (exitCode, output) = await DeployAsync(harness, "--tag abc1234");

        Assert.True(exitCode == 0, output);
        // The first requests are the pre-flight's (ACM, JSON 1.1: ThrottlingException); the run goes on after the retries.
        OutputAssert.Contains("ACM DescribeCertificate: ThrottlingException", output);
        Assert.Equal(2, harness.Aws.Requests.Count(r => r.ErrorCode == "ThrottlingException"));
    }

    [Fact]
    public async Task ChangeSetOnlyPrintsTheChangeSetAndStops()
    {
        await using var harness = await DeployHarness.StartAsync();
        Assert.Equal(0, (await DeployAsync(harness, "--tag first")).ExitCode);

        var (exitCode, output) = await DeployAsync(harness, "--tag second --change-set-only");

        Assert.True(exitCode == 0, output);
        Assert.Matches(@"Modify\s+UserTaskDefinition", output);
        OutputAssert.Contains("aws cloudformation execute-change-set --stack-name dev-microservices-platform", output);
        Assert.Equal(2, harness.Count("ExecuteChangeSet"));
        Assert.Equal("first", harness.Aws.CloudFormation.Stack(Stack)!.Parameters["AuthImageTag"]);
        Assert.Contains(harness.Aws.Requests.Last(r => r.Operation == "CreateChangeSet").Parameters["ChangeSetName"], harness.Aws.CloudFormation.Stack(Stack)!.ChangeSets);
    }

    [Fact]
    public async Task CtrlCWhileExecutingSaysWhereTheStackIsAndHowToCancel()
    {
        await using var harness = await DeployHarness.StartAsync();
        Assert.Equal(0, (await DeployAsync(harness, "--tag first")).ExitCode);

        var (exitCode, output) = await DeployAsync(harness, "--tag second", cancelWhen: "UPDATE_IN_PROGRESS");

        Assert.Equal(130, exitCode);
        OutputAssert.Contains("Interrupted while CloudFormation executes the change set: stack dev-microservices-platform is UPDATE_IN_PROGRESS", output);
        OutputAssert.Contains("aws cloudformation cancel-update-stack --stack-name dev-microservices-platform", output);
        OutputAssert.Contains("Build cancelled", output);
    }

    [Fact]
    public async Task CtrlCBeforeExecutingDeletesTheChangeSetAndChangesNothing()
    {
        await using var harness = await DeployHarness.StartAsync();
        Assert.Equal(0, (await DeployAsync(harness, "--tag first")).ExitCode);
        harness.Aws.CloudFormation.ChangeSetDescribesUntilReady = 1_000_000;

        var (exitCode, output) = await DeployAsync(harness, "--tag second", cancelWhen: "still waiting for change set");

        Assert.Equal(130, exitCode);
        OutputAssert.Contains("Cancelled before executing: stack dev-microservices-platform was not changed; change set deploy-second-", output);
        OutputAssert.Contains(" was deleted.", output);
        Assert.Equal(2, harness.Count("ExecuteChangeSet"));
        Assert.Equal(1, harness.Count("DeleteChangeSet"));
        Assert.Equal("first", harness.Aws.CloudFormation.Stack(Stack)!.Parameters["AuthImageTag"]);
    }

    /// <summary>DeployStack --skip with the tag's images in ECR, as a Push (skipped here) leaves them.</summary>
    static Task<(int ExitCode, string Output)> DeployAsync(DeployHarness harness, string arguments, string? cancelWhen = null)
    {
        harness.SeedImages(arguments.Split(' ')[1]);
        return harness.RunAsync($"{Deploy} {arguments}", cancelWhen: cancelWhen);
    }

    static Task<string> Template() =>
        File.ReadAllTextAsync(Path.Combine(BuildRun.RepositoryRoot, "cloudformation", "microserviceplatform.yaml"), TestContext.Current.CancellationToken);
}
