namespace BuildTests;

public sealed class BuildTests
{
    static readonly string[] s_pipeline = ["Compile", "Test", "ContainerBuild", "Push", "DeployStack", "ForceRedeploy", "SmokeTest"];

    [Fact]
    public async Task SmokeTestPlanListsThePipelineInOrderAndRunsNothing()
    {
        var (exitCode, output) = await BuildRun.RunAsync("SmokeTest --plan");

        Assert.Equal(0, exitCode);
        var positions = s_pipeline.Select(t => output.IndexOf($". {t}", StringComparison.Ordinal)).ToList();
        Assert.DoesNotContain(-1, positions);
        Assert.Equal(positions.Order(), positions);
        Assert.DoesNotContain("Build succeeded", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Build failed", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SkipIsShownInThePlan()
    {
        var (exitCode, output) = await BuildRun.RunAsync("SmokeTest --plan --skip Test ContainerBuild");

        Assert.Equal(0, exitCode);
        Assert.Contains(". Test (skipped)", output, StringComparison.Ordinal);
        Assert.Contains(". ContainerBuild (skipped)", output, StringComparison.Ordinal);
        Assert.Matches(@"\. Compile\r?\n", output);
    }

    [Fact]
    public async Task SkipWithoutNamesSkipsEveryDependencyInThePlan()
    {
        var (_, output) = await BuildRun.RunAsync("DeployStack --plan --skip --env dev");

        foreach (var target in s_pipeline.Take(4))
            Assert.Contains($". {target} (skipped)", output, StringComparison.Ordinal);
        // The dev profile has no certificate ARN: the plan names it as missing, and still runs nothing.
        Assert.Matches(@"\. DeployStack( \(missing --acm-certificate-arn\))?\r?\n", output);
    }

    [Fact]
    public async Task UnknownEnvironmentFailsAtOnceListingTheProfiles()
    {
        var (exitCode, output) = await BuildRun.RunAsync("DeployStack --env nosuch");

        Assert.Equal(1, exitCode);
        Assert.Contains("Unknown environment 'nosuch'", output, StringComparison.Ordinal);
        Assert.Contains("Available environments: dev, local, prod, staging.", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Compile", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("local")]
    [InlineData("dev")]
    [InlineData("staging")]
    [InlineData("prod")]
    public async Task EveryProfileLoads(string env)
    {
        var (exitCode, output) = await BuildRun.RunAsync($"SmokeTest --plan --env {env}");

        Assert.True(exitCode == 0, output);
    }

    [Fact]
    public async Task HelpListsThePipelineTargetsAndTheParameters()
    {
        var (exitCode, output) = await BuildRun.RunAsync("--help");

        Assert.Equal(0, exitCode);
        foreach (var target in s_pipeline.Append("Clean"))
            Assert.Contains($"│ {target} ", output, StringComparison.Ordinal);
        foreach (var flag in new[] { "--env", "--configuration", "--tag", "--registry", "--region", "--acm-certificate-arn", "--stack-name", "--test-filter", "--base-url" })
            Assert.Contains(flag, output, StringComparison.Ordinal);
        Assert.Contains("AWS_REGION", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MistypedTargetGetsASuggestion()
    {
        var (exitCode, output) = await BuildRun.RunAsync("SmokeTst");

        Assert.Equal(1, exitCode);
        Assert.Contains("Did you mean SmokeTest?", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeployStackWithoutEnvNamesTheMissingParameters()
    {
        var (exitCode, output) = await BuildRun.RunAsync("DeployStack");

        Assert.Equal(1, exitCode);
        Assert.Contains("Target DeployStack requires parameter Env. Set it with --env", output, StringComparison.Ordinal);
        Assert.Contains("Target DeployStack requires parameter Region when --env is not local. Set it with --region", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckedInSchemaIsNotStale()
    {
        var scratch = Path.Combine(Path.GetTempPath(), "build-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(scratch, ".nuke"));
        try
        {
            var (exitCode, _) = await BuildRun.RunAsync("--generate-schema", scratch);
            var generated = await File.ReadAllTextAsync(Path.Combine(scratch, ".nuke", "build.schema.json"), TestContext.Current.CancellationToken);
            var checkedIn = await File.ReadAllTextAsync(Path.Combine(BuildRun.RepositoryRoot, ".nuke", "build.schema.json"), TestContext.Current.CancellationToken);

            Assert.Equal(0, exitCode);
            Assert.True(
                generated.ReplaceLineEndings("\n") == checkedIn.ReplaceLineEndings("\n"),
                ".nuke/build.schema.json is stale: regenerate it with ./build.sh --generate-schema and commit it.");
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }
}
