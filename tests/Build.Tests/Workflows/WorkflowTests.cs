using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace BuildTests.Workflows;

/// <summary>Ties .github/workflows to the build: every target and parameter a workflow uses must exist.</summary>
public sealed partial class WorkflowTests
{
    public static TheoryData<string> WorkflowNames => new(WorkflowFile.All().Select(w => w.Name));

    [Theory]
    [MemberData(nameof(WorkflowNames))]
    public async Task EveryBuildCommandInAWorkflowNamesRealTargetsAndParameters(string workflow)
    {
        var commands = WorkflowFile.Load(Path.Combine(WorkflowFile.Directory, workflow)).BuildCommands.ToList();

        Assert.NotEmpty(commands);
        foreach (var command in commands)
        {
            var (exitCode, output) = await PlanAsync(command);
            Assert.True(exitCode == 0, $"{workflow}: `{command}` does not fit the build:\n{output}");
        }
    }

    [Fact]
    public async Task ACommandWithAMisspelledTargetOrParameterIsCaught()
    {
        // The check above must be able to fail: the build rejects what it does not know.
        var (targetExit, targetOutput) = await PlanAsync("./build.sh SmokeTset --env \"$DEPLOY_ENV\"");
        var (parameterExit, parameterOutput) = await PlanAsync("./build.sh SmokeTest --env dev --certificate-arn x");

        Assert.NotEqual(0, targetExit);
        Assert.Contains("SmokeTest", targetOutput, StringComparison.Ordinal);
        Assert.NotEqual(0, parameterExit);
        Assert.Contains("--certificate-arn", parameterOutput, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(WorkflowNames))]
    public async Task EveryPlatformVariableAWorkflowSetsIsABuildParameter(string workflow)
    {
        // A misspelt PLATFORM_* variable would be ignored silently by the build: catch it here.
        var text = File.ReadAllText(Path.Combine(WorkflowFile.Directory, workflow));
        var (_, help) = await BuildRun.RunAsync("--help");

        Assert.All(PlatformVariable().Matches(text).Select(m => m.Value).Distinct(), variable => Assert.Contains(variable, help, StringComparison.Ordinal));
    }

    [Fact]
    public void ThePipelineWorkflowsRunTheExpectedTargets()
    {
        var commands = WorkflowFile.All().ToDictionary(w => w.Name, w => string.Join('\n', w.BuildCommands));

        Assert.Equal("./build.sh Test", commands["ci.yml"]);
        Assert.StartsWith("./build.sh SmokeTest --env ", commands["deploy.yml"], StringComparison.Ordinal);
        // A release builds nothing: prod gets staging's images by digest, then is smoke-tested.
        Assert.Equal("./build.sh Promote --from staging --env prod --release-version \"${GITHUB_REF_NAME#v}\"\n./build.sh SmokeTest --env prod --skip", commands["release.yml"]);
    }

    [Theory]
    [MemberData(nameof(WorkflowNames))]
    public void ActionsArePinnedToFullCommitShas(string workflow)
    {
        var actions = WorkflowFile.Load(Path.Combine(WorkflowFile.Directory, workflow)).ActionReferences.ToList();

        Assert.NotEmpty(actions);
        Assert.All(actions, action => Assert.Matches(PinnedAction(), action));
    }

    [Theory]
    [InlineData("deploy.yml")]
    [InlineData("release.yml")]
    public void DeploysAssumeARoleThroughOidcAndHoldNoLongLivedKeys(string workflow)
    {
        var file = WorkflowFile.Load(Path.Combine(WorkflowFile.Directory, workflow));
        var text = File.ReadAllText(Path.Combine(WorkflowFile.Directory, workflow));

        Assert.Equal("write", WorkflowFile.Scalar((YamlMappingNode)file.Root["permissions"], "id-token"));
        var credentials = Assert.Single(file.Steps, s => WorkflowFile.Scalar(s, "uses")?.StartsWith("aws-actions/configure-aws-credentials@", StringComparison.Ordinal) == true);
        Assert.NotNull(WorkflowFile.Scalar((YamlMappingNode)credentials["with"], "role-to-assume"));
        Assert.DoesNotContain("aws-access-key-id", text, StringComparison.Ordinal);
        Assert.DoesNotContain("AWS_SECRET_ACCESS_KEY", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("deploy.yml", "deploy-${{ inputs.environment || 'dev' }}", "${{ inputs.environment || 'dev' }}")]
    [InlineData("release.yml", "deploy-prod", "prod")]
    public void DeploysRunInTheirGitHubEnvironmentOneAtATimePerEnvironment(string workflow, string group, string environment)
    {
        var file = WorkflowFile.Load(Path.Combine(WorkflowFile.Directory, workflow));
        var concurrency = (YamlMappingNode)file.Root["concurrency"];

        // The group names the environment, so dev and prod deploy side by side but never twice at once on one stack;
        // a deploy is never cancelled halfway by the next one.
        Assert.Equal(group, WorkflowFile.Scalar(concurrency, "group"));
        Assert.Equal("false", WorkflowFile.Scalar(concurrency, "cancel-in-progress"));
        Assert.All(file.Jobs, job => Assert.Equal(environment, WorkflowFile.Scalar(job, "environment")));
    }

    [Theory]
    [InlineData("deploy.yml")]
    [InlineData("release.yml")]
    public void AFailedDeployUploadsItsFailureEvidenceAfterTheBuildStep(string workflow)
    {
        var steps = WorkflowFile.Load(Path.Combine(WorkflowFile.Directory, workflow)).Steps.ToList();

        var upload = Assert.Single(steps, s => WorkflowFile.Scalar(s, "uses")?.StartsWith("actions/upload-artifact@", StringComparison.Ordinal) == true);
        Assert.Equal("failure()", WorkflowFile.Scalar(upload, "if"));
        Assert.Equal("artifacts/deploy-failure-*", WorkflowFile.Scalar((YamlMappingNode)upload["with"], "path"));
        Assert.True(steps.IndexOf(upload) > steps.FindLastIndex(s => WorkflowFile.Scalar(s, "run")?.StartsWith("./build.sh", StringComparison.Ordinal) == true));
    }

    static Task<(int ExitCode, string Output)> PlanAsync(string command) =>
        BuildRun.RunAsync(string.Join(' ', BuildCommandLine.Arguments(command).Append("--plan")));

    [GeneratedRegex(@"\bPLATFORM_[A-Z0-9_]+")]
    private static partial Regex PlatformVariable();

    [GeneratedRegex("^[A-Za-z0-9_.-]+/[A-Za-z0-9_./-]+@[0-9a-f]{40}$")]
    private static partial Regex PinnedAction();
}
