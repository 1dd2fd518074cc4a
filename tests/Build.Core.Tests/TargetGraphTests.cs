namespace BuildCore.Tests;

public sealed class TargetGraphTests
{
    [Fact]
    public async Task DependenciesRunFirstInOrder()
    {
        using var run = new TestRun();
        var build = new PipelineBuild();

        var exitCode = await run.RunAsync(build, "C");

        Assert.Equal(0, exitCode);
        Assert.Equal(["A", "B", "C"], build.Ran);
    }

    [Fact]
    public async Task CycleIsRejectedNamingTheCycle()
    {
        using var run = new TestRun();

        var exitCode = await run.RunAsync(new CycleBuild(), "X");

        Assert.Equal(1, exitCode);
        Assert.Contains("cycle", run.Output, StringComparison.Ordinal);
        Assert.Matches(@"X -> Z -> Y -> X", run.Output);
    }

    [Fact]
    public async Task SkipWithoutNamesSkipsEveryDependency()
    {
        using var run = new TestRun();
        var build = new PipelineBuild();

        var exitCode = await run.RunAsync(build, "C --skip");

        Assert.Equal(0, exitCode);
        Assert.Equal(["C"], build.Ran);
        Assert.Matches(@"A\s+.\s+Skipped", run.Output);
    }

    [Fact]
    public async Task SkipWithNamesSkipsOnlyThose()
    {
        using var run = new TestRun();
        var build = new PipelineBuild();

        await run.RunAsync(build, "C --skip A");

        Assert.Equal(["B", "C"], build.Ran);
    }

    [Fact]
    public async Task PlanPrintsTheOrderAndRunsNothing()
    {
        using var run = new TestRun();
        var build = new PipelineBuild();

        var exitCode = await run.RunAsync(build, "C --plan --skip B");

        Assert.Equal(0, exitCode);
        Assert.Empty(build.Ran);
        Assert.Matches(@"1\. A\s+2\. B \(skipped\)\s+3\. C", run.Output);
    }

    [Fact]
    public async Task BeforeOrdersWithoutAddingToThePlan()
    {
        using var run = new TestRun();
        var build = new PipelineBuild();

        await run.RunAsync(build, "C Early");
        var withoutEarly = new PipelineBuild();
        await run.RunAsync(withoutEarly, "C");

        Assert.Equal(["Early", "A", "B", "C"], build.Ran);
        Assert.DoesNotContain("Early", withoutEarly.Ran);
    }

    [Fact]
    public async Task AfterOrdersEvenWhenNamedFirst()
    {
        using var run = new TestRun();
        var build = new PipelineBuild();

        await run.RunAsync(build, "Late C");

        Assert.Equal(["A", "B", "C", "Late"], build.Ran);
    }

    [Fact]
    public async Task FailureStopsDependentsAndSummaryShowsIt()
    {
        using var run = new TestRun();
        var build = new PipelineBuild();

        var exitCode = await run.RunAsync(build, "AfterFailing");

        Assert.Equal(1, exitCode);
        Assert.Equal(["A"], build.Ran);
        Assert.Contains("boom in Failing", run.Output, StringComparison.Ordinal);
        Assert.Matches(@"Failing\s+.\s+Failed", run.Output);
        Assert.Matches(@"AfterFailing\s+.\s+NotRun", run.Output);
        Assert.Contains("Build failed", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AStopWithAnExitCodeEndsTheRunWithThatCodeAndRunsNothingAfter()
    {
        using var run = new TestRun();
        var build = new PipelineBuild();

        var exitCode = await run.RunAsync(build, "AfterStopping");

        Assert.Equal(2, exitCode);
        Assert.Equal(["A"], build.Ran);
        Assert.Contains("Stopping stopped: waits for approval", run.Output, StringComparison.Ordinal);
        Assert.Matches(@"Stopping\s+.\s+Stopped", run.Output);
        Assert.Matches(@"AfterStopping\s+.\s+NotRun", run.Output);
        Assert.Contains("Build stopped for review", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownTargetSuggestsTheClosest()
    {
        using var run = new TestRun();
        var build = new PipelineBuild();

        var exitCode = await run.RunAsync(build, "Failng");

        Assert.Equal(1, exitCode);
        Assert.Contains("Unknown target 'Failng'. Did you mean Failing?", run.Output, StringComparison.Ordinal);
        Assert.Empty(build.Ran);
    }

    [Fact]
    public async Task DefaultTargetRunsWhenNoneIsNamed()
    {
        using var run = new TestRun();
        var build = new PipelineBuild();

        await run.RunAsync(build, "", defaultTarget: "B");

        Assert.Equal(["A", "B"], build.Ran);
    }

    [Fact]
    public async Task HelpListsTargetsWithDescriptionsAndDependencies()
    {
        using var run = new TestRun();
        var build = new PipelineBuild();

        var exitCode = await run.RunAsync(build, "--help", defaultTarget: "B");

        Assert.Equal(0, exitCode);
        Assert.Empty(build.Ran);
        Assert.Matches(@"A\s+.\s+First\.", run.Output);
        Assert.Matches(@"B \(default\)\s+.\s+.\s+A", run.Output);
        Assert.Contains("--env", run.Output, StringComparison.Ordinal);
    }
}
