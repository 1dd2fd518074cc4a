namespace BuildCore.Tests;

public sealed class TestModuleSchedulerTests
{
    static TestModule Module(string name) => new(name, $"/repo/tests/{name}/{name}.csproj");

    [Fact]
    public void TheLongestPreviousRunStartsFirstAndUnknownProjectsFollowTheKnownOnes()
    {
        var previous = new Dictionary<string, double> { ["Fast.Tests"] = 2, ["Slow.Tests"] = 90, ["Middle.Tests"] = 30 };

        var order = TestModuleScheduler.Order([Module("Fast.Tests"), Module("New.Tests"), Module("Middle.Tests"), Module("Slow.Tests")], previous, []);

        Assert.Equal(["Slow.Tests", "Middle.Tests", "Fast.Tests", "New.Tests"], order.Select(m => m.Name));
    }

    [Fact]
    public void OnAFirstRunTheProjectsKnownToBeLongLeadAndTheRestFollowByName()
    {
        var order = TestModuleScheduler.Order([Module("B.Tests"), Module("Images.Tests"), Module("A.Tests")], new Dictionary<string, double>(), ["Images.Tests"]);

        Assert.Equal(["Images.Tests", "A.Tests", "B.Tests"], order.Select(m => m.Name));
    }

    [Fact]
    public void APreviousDurationOutranksTheFirstRunHint()
    {
        var previous = new Dictionary<string, double> { ["Images.Tests"] = 5, ["Service.Tests"] = 60 };

        var order = TestModuleScheduler.Order([Module("Images.Tests"), Module("Service.Tests")], previous, ["Images.Tests"]);

        Assert.Equal(["Service.Tests", "Images.Tests"], order.Select(m => m.Name));
    }

    [Fact]
    public async Task ProjectsStartInOrderNeverMoreThanTheLimitAtOnceAndEachIsReportedWhenItEnds()
    {
        // Given five projects that each run until the test lets them finish
        var ct = TestContext.Current.CancellationToken;
        var modules = Enumerable.Range(1, 5).Select(i => Module($"P{i}.Tests")).ToList();
        var release = modules.ToDictionary(m => m.Name, _ => new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously));
        var started = new List<string>();
        var reported = new List<string>();
        var running = 0;
        var mostAtOnce = 0;
        async Task<int> Run(TestModule module, CancellationToken token)
        {
            lock (started)
            {
                started.Add(module.Name);
                mostAtOnce = Math.Max(mostAtOnce, ++running);
            }

            var exitCode = await release[module.Name].Task.WaitAsync(token);
            lock (started)
                running--;
            return exitCode;
        }

        // When two may run at once and the second project ends first
        var run = TestModuleScheduler.RunAsync(modules, 2, Run, outcome => { lock (reported) reported.Add($"{outcome.Module.Name}:{outcome.ExitCode}"); }, ct);
        await Eventually(() => started.Count == 2, ct);
        Assert.Equal(["P1.Tests", "P2.Tests"], Snapshot(started));
        release["P2.Tests"].SetResult(2);
        await Eventually(() => started.Count == 3, ct);
        foreach (var name in new[] { "P1.Tests", "P3.Tests", "P4.Tests", "P5.Tests" })
        {
            release[name].SetResult(0);
            await Task.Yield();
        }

        var outcomes = await run.WaitAsync(TimeSpan.FromSeconds(10), ct);

        // Then
        Assert.Equal(["P1.Tests", "P2.Tests", "P3.Tests", "P4.Tests", "P5.Tests"], Snapshot(started));
        Assert.Equal(2, mostAtOnce);
        Assert.Equal("P2.Tests:2", Snapshot(reported)[0]);
        Assert.Equal(5, Snapshot(reported).Count);
        Assert.Equal([0, 2, 0, 0, 0], outcomes.Select(o => o.ExitCode));
    }

    [Fact]
    public void DurationsAreMergedOverThePreviousOnesAndAMissingOrBrokenFileIsNoHistory()
    {
        var directory = Directory.CreateTempSubdirectory();
        var file = Path.Combine(directory.FullName, "artifacts", "test-durations.json");
        try
        {
            Assert.Empty(TestDurations.Read(file));

            TestDurations.Write(file, new Dictionary<string, double> { ["Old.Tests"] = 12, ["A.Tests"] = 1 },
                [new TestModuleOutcome(Module("A.Tests"), 0, TimeSpan.FromSeconds(41.26))]);

            Assert.Equal(new Dictionary<string, double> { ["A.Tests"] = 41.3, ["Old.Tests"] = 12 }, TestDurations.Read(file));
            File.WriteAllText(file, "{ not json");
            Assert.Empty(TestDurations.Read(file));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    static List<string> Snapshot(List<string> list)
    {
        lock (list)
            return [.. list];
    }

    static async Task Eventually(Func<bool> condition, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the condition did not hold within 10 s");
            await Task.Delay(10, ct);
        }
    }
}
