namespace BuildCore.Tests;

public sealed class CancellationTests
{
    [Fact]
    public async Task CancellingStopsTheRunningTargetAndStillPrintsTheSummary()
    {
        using var run = new TestRun();
        using var cancellation = new CancellationTokenSource();
        var build = new SlowBuild();

        // Given a target that waits on its token
        var running = run.RunUntilCancelledAsync(build, "AfterSlow", cancellation.Token);
        await build.Started.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        // When Ctrl+C cancels the run
        await cancellation.CancelAsync();
        var exitCode = await running.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        // Then
        Assert.Equal(BuildEngine.CancelledExitCode, exitCode);
        Assert.False(build.AfterRan);
        Assert.Matches(@"Slow\s+.\s+Cancelled", run.Output);
        Assert.Matches(@"AfterSlow\s+.\s+NotRun", run.Output);
        Assert.Contains("Build cancelled", run.Output, StringComparison.Ordinal);
    }
}
