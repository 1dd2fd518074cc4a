using System.Text.Json;

namespace BuildTests.Deploy;

/// <summary>
/// The risk gate against the fake AWS, whose change sets derive Replacement and details from the template difference and each
/// type's update behaviour (AWS::RDS::DBInstance DBName is "Update requires: Replacement":
/// https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-rds-dbinstance.html), and which enforces
/// the stack policy ("Prevent updates to stack resources": https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/protect-stack-resources.html).
/// A changed DbName replaces the database: --change-set-only exits 2 with the summary, DeployStack refuses it unless
/// --allow-replace Database, and then lifts the stack policy for Database for that one update.
/// </summary>
public sealed class RiskGateTests
{
    const string Stack = DeployHarness.Stack;
    const string Deploy = $"DeployStack --skip --env dev --acm-certificate-arn {DeployHarness.Certificate}";
    const string ReplaceDatabase = "--stack-parameters SingleNatGateway=true ScalingMinCapacity=1 DesiredCount=1 DbName=platform_v2";

    static readonly string[] Protected =
        ["LogicalResourceId/Database", "LogicalResourceId/EventsDeadLetterQueue", "LogicalResourceId/EventsQueue", "LogicalResourceId/JwtSigningKeySecret", "LogicalResourceId/PlatformKey"];

    [Fact]
    public async Task ChangeSetOnlyWithAChangedDbNameExitsTwoWithTheMarkdownSummary()
    {
        // Given a running environment, and GitHub's job summary file
        await using var harness = await DeployHarness.StartAsync();
        using var root = await ScratchRoot.WithRepositoryTemplateAsync();
        Assert.Equal(0, (await DeployAsync(harness, root, "--tag first")).ExitCode);
        var jobSummary = Path.Combine(root.Path, "job-summary.md");
        harness.Environment["GITHUB_STEP_SUMMARY"] = jobSummary;

        // When
        var (exitCode, output) = await DeployAsync(harness, root, $"--tag first --change-set-only {ReplaceDatabase}");

        // Then
        Assert.True(exitCode == 2, output);
        OutputAssert.Contains("Database (AWS::RDS::DBInstance) will be replaced", output);
        OutputAssert.Contains("forced by: DBName (from parameter DbName; Update requires: Replacement)", output);
        OutputAssert.Contains("lost: every row in the database", output);
        OutputAssert.Contains("old resource: a final snapshot is kept, then the old resource is deleted", output);
        OutputAssert.Contains("DeployStack stopped: change set deploy-first-", output);
        OutputAssert.Contains("Executing it needs --allow-replace Database.", output);
        var markdown = await File.ReadAllTextAsync(Path.Combine(root.Path, "artifacts", "changeset.md"), TestContext.Current.CancellationToken);
        Assert.Contains("**Risky: 1 change(s) replace or remove a resource that holds data or identity.**", markdown, StringComparison.Ordinal);
        Assert.Contains("| `Database` | AWS::RDS::DBInstance | replaced | DBName (from parameter DbName; Update requires: Replacement) |", markdown, StringComparison.Ordinal);
        Assert.Contains("`--allow-replace Database`", markdown, StringComparison.Ordinal);
        Assert.Equal(markdown.Trim(), (await File.ReadAllTextAsync(jobSummary, TestContext.Current.CancellationToken)).Trim());
        // Nothing ran: the change set stays for review.
        Assert.Equal("platform", harness.Aws.CloudFormation.Stack(Stack)!.Parameters["DbName"]);
        Assert.Contains(harness.Aws.Requests.Last(r => r.Operation == "CreateChangeSet").Parameters["ChangeSetName"], harness.Aws.CloudFormation.Stack(Stack)!.ChangeSets);
    }

    [Fact]
    public async Task ChangeSetOnlyExitsZeroWhenTheChangeSetIsSafeAndWhenItIsEmpty()
    {
        await using var harness = await DeployHarness.StartAsync();
        using var root = await ScratchRoot.WithRepositoryTemplateAsync();
        Assert.Equal(0, (await DeployAsync(harness, root, "--tag first")).ExitCode);

        var (safeExit, safeOutput) = await DeployAsync(harness, root, "--tag second --change-set-only");
        var safeSummary = await File.ReadAllTextAsync(Path.Combine(root.Path, "artifacts", "changeset.md"), TestContext.Current.CancellationToken);
        var (emptyExit, emptyOutput) = await DeployAsync(harness, root, "--tag first --change-set-only");
        var emptySummary = await File.ReadAllTextAsync(Path.Combine(root.Path, "artifacts", "changeset.md"), TestContext.Current.CancellationToken);

        // A new tag replaces the task definitions, which hold nothing: safe.
        Assert.True(safeExit == 0, safeOutput);
        OutputAssert.Contains("Risk gate: no change replaces or removes a resource that holds data or identity.", safeOutput);
        Assert.Contains("**Safe:**", safeSummary, StringComparison.Ordinal);
        Assert.Contains("| Modify | `AuthTaskDefinition` | AWS::ECS::TaskDefinition | True |", safeSummary, StringComparison.Ordinal);
        Assert.True(emptyExit == 0, emptyOutput);
        Assert.Contains("No changes.", emptySummary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeployStackRefusesToReplaceTheDatabaseWithoutAllowReplaceAndLeavesTheChangeSetForReview()
    {
        await using var harness = await DeployHarness.StartAsync();
        using var root = await ScratchRoot.WithRepositoryTemplateAsync();
        Assert.Equal(0, (await DeployAsync(harness, root, "--tag first")).ExitCode);
        var executions = harness.Count("ExecuteChangeSet");

        var (exitCode, output) = await DeployAsync(harness, root, $"--tag first {ReplaceDatabase}");

        Assert.Equal(1, exitCode);
        OutputAssert.Contains("DeployStack refuses to execute change set deploy-first-", output);
        OutputAssert.Contains("Database (AWS::RDS::DBInstance) would be replaced: forced by DBName (from parameter DbName; Update requires: Replacement). Lost: every row in the database", output);
        OutputAssert.Contains("Nothing was changed; the change set stays for review (aws cloudformation describe-change-set --stack-name dev-microservices-platform --change-set-name deploy-first-", output);
        OutputAssert.Contains("run again with --allow-replace Database.", output);
        Assert.Equal(executions, harness.Count("ExecuteChangeSet"));
        Assert.Equal(0, harness.Count("UpdateStack"));
        var stack = harness.Aws.CloudFormation.Stack(Stack)!;
        Assert.Equal("platform", stack.Parameters["DbName"]);
        Assert.Contains(harness.Aws.Requests.Last(r => r.Operation == "CreateChangeSet").Parameters["ChangeSetName"], stack.ChangeSets);
    }

    [Fact]
    public async Task TheStackPolicyIsSetOnCreateAndAllowReplaceLiftsItForTheDatabaseForThatUpdateOnly()
    {
        // Given an environment created by DeployStack
        await using var harness = await DeployHarness.StartAsync();
        using var root = await ScratchRoot.WithRepositoryTemplateAsync();
        var (createExit, createOutput) = await DeployAsync(harness, root, "--tag first");
        Assert.True(createExit == 0, createOutput);
        OutputAssert.Contains("Stack policy set on dev-microservices-platform: Update:Replace and Update:Delete denied for Database, EventsDeadLetterQueue, EventsQueue, JwtSigningKeySecret, PlatformKey.", createOutput);
        var set = Assert.Single(harness.Aws.Requests, r => r.Operation == "SetStackPolicy");
        Assert.Equal(Protected, DeniedResources(set.Parameters["StackPolicyBody"]));
        // The policy came right after the create, before phase 2's update.
        var requests = harness.Aws.Requests.Select(r => r.Operation).ToList();
        Assert.True(requests.IndexOf("SetStackPolicy") < requests.LastIndexOf("ExecuteChangeSet"), string.Join(", ", requests));

        // When the database is replaced with --allow-replace Database
        var (exitCode, output) = await DeployAsync(harness, root, $"--tag first {ReplaceDatabase} --allow-replace Database");

        // Then the update runs as UpdateStack whose temporary policy lifts the deny for Database only
        Assert.True(exitCode == 0, output);
        OutputAssert.Contains("--allow-replace Database: the stack policy protects it, and a change set cannot lift it;", output);
        var update = Assert.Single(harness.Aws.Requests, r => r.Operation == "UpdateStack");
        Assert.Equal(Protected.Where(p => p != "LogicalResourceId/Database"), DeniedResources(update.Parameters["StackPolicyDuringUpdateBody"]));
        Assert.Equal("CAPABILITY_NAMED_IAM", update.Parameters["Capabilities.member.1"]);
        var stack = harness.Aws.CloudFormation.Stack(Stack)!;
        Assert.Equal("UPDATE_COMPLETE", stack.Status);
        Assert.Equal("platform_v2", stack.Parameters["DbName"]);
        Assert.Contains(stack.Events, e => e.LogicalResourceId == "Database" && e.Status == "UPDATE_COMPLETE");
        // ...and the stack's own policy still protects the database: nothing was set in between
        Assert.Single(harness.Aws.Requests, r => r.Operation == "SetStackPolicy");
    }

    [Fact]
    public async Task AnAllowReplaceNameThatIsNoResourceOfTheTemplateFailsBeforeAnything()
    {
        await using var harness = await DeployHarness.StartAsync();

        var (exitCode, output) = await harness.RunAsync($"{Deploy} --tag first --allow-replace Databse");

        Assert.Equal(1, exitCode);
        OutputAssert.Contains("--allow-replace Databse: the template cloudformation/microserviceplatform.yaml has no resource Databse. Did you mean Database?", output);
        Assert.Equal(0, harness.Count("CreateChangeSet"));
    }

    static List<string> DeniedResources(string policy)
    {
        using var document = JsonDocument.Parse(policy);
        return [.. document.RootElement.GetProperty("Statement").EnumerateArray()
            .Where(s => s.GetProperty("Effect").GetString() == "Deny")
            .SelectMany(s => s.GetProperty("Resource").EnumerateArray().Select(r => r.GetString()!))
            .Order(StringComparer.Ordinal)];
    }

    static Task<(int ExitCode, string Output)> DeployAsync(DeployHarness harness, ScratchRoot root, string arguments)
    {
        // Once per tag: pushing a tag again moves it to a new image, which a deploy by digest rightly sees as a change.
        var tag = arguments.Split(' ')[1];
        if (harness.Aws.Ecr.Digest($"dev/{DeployHarness.Services[0]}", tag) is null)
            harness.SeedImages(tag);
        return harness.RunAsync($"{Deploy} {arguments}", rootDirectory: root.Path);
    }
}
