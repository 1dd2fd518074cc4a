using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Xml.Linq;
using BuildCore;

partial class Build
{
    [Parameter("Which tests run: Trait=Value (only those), Trait!=Value (all but those), or an xunit query filter starting with /.")]
    readonly string? TestFilter;

    AbsolutePath TestResultsDirectory => ArtifactsDirectory / "test-results";

    AbsolutePath TestDurationsFile => ArtifactsDirectory / "test-durations.json";

    // With no durations from an earlier run these start first: they build the service images (about 13 CPU-seconds an
    // image on a cold machine) before their containers run, and started late they were the last to finish.
    static readonly string[] LongOnAFirstRun = ["Build.Local.Tests", "ServiceImages.Tests"];

    // Test projects wait on containers and sockets more than they compute: two per core beat one per core on the 2-core
    // CI machine (2026-12-01: 130 s against 152 s for the same 978 tests).
    static int TestParallelism => Math.Max(2, Environment.ProcessorCount * 2);

    // A test process lives seconds, yet the runtime recompiled some 13,000 methods it had called 30 times at full
    // optimisation (AuthService.Tests, 2026-12-02). At 1,000 calls only the really hot ones are: the test processes used
    // 10-15 % less CPU (three pairs each of Build, Billing and Auth on the 2-core CI machine). Processes the tests start
    // inherit it; containers do not. A value the developer set wins.
    const string CallCountThreshold = "DOTNET_TC_CallCountThreshold";

    IReadOnlyDictionary<string, string?> TestProcessEnvironment =>
        new Dictionary<string, string?> { [CallCountThreshold] = EnvironmentVariable(CallCountThreshold) ?? "1000" };

    // Microsoft.Testing.Platform's exit code for "at least one test failed".
    const int TestsFailedExitCode = 2;

    readonly ConcurrentDictionary<string, Stopwatch> _runningTestProjects = new();

    Target Test => _ => _
        .Description("Runs every test project, the longest first; TRX results and each project's output in artifacts/test-results/.")
        .DependsOn(Compile)
        .Executes(ct => RunTestsAsync(ct));

    async Task RunTestsAsync(CancellationToken ct)
    {
        // Old TRX files would be counted again.
        if (TestResultsDirectory.DirectoryExists())
            Directory.Delete(TestResultsDirectory, recursive: true);
        Directory.CreateDirectory(TestResultsDirectory);
        await EnsureTemplateToolsAsync(ct);

        var previous = TestDurations.Read(TestDurationsFile);
        var projects = TestModuleScheduler.Order(TestProjects(), previous, LongOnAFirstRun);
        // Every project's build is found before any starts: a missing one is a message now, not a crash minutes in.
        var applications = projects.ToDictionary(p => p.Name, p => TestApplication.Find(p, Configuration.ToString()), StringComparer.Ordinal);
        Log.WriteLine($"{projects.Count} test projects, {TestParallelism} at a time, longest first: {string.Join(", ", projects.Select(p => p.Name))}");
        using var stopProgress = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var progress = ReportRunningTestProjectsAsync(stopProgress.Token);
        var outcomes = await TestModuleScheduler.RunAsync(projects, TestParallelism, (project, token) => RunTestProjectAsync(project, applications[project.Name], token), ReportTestProject, ct);
        await stopProgress.CancelAsync();
        await progress;
        if (string.IsNullOrEmpty(TestFilter))
            TestDurations.Write(TestDurationsFile, previous, outcomes);
        ReportTestResults(outcomes);
    }

    IEnumerable<TestModule> TestProjects() =>
        XDocument.Load(SolutionFile).Descendants("Project")
            .Select(project => (string?)project.Attribute("Path"))
            .OfType<string>()
            .Where(path => path.EndsWith(".Tests.csproj", StringComparison.Ordinal))
            .Select(path => new TestModule(Path.GetFileNameWithoutExtension(path), RootDirectory / path));

    async Task<int> RunTestProjectAsync(TestModule project, string application, CancellationToken ct)
    {
        _runningTestProjects[project.Name] = Stopwatch.StartNew();
        try
        {
            return await RunToolToFileAsync("dotnet",
            [
                application, "--results-directory", TestResultsDirectory, "--report-xunit-trx", "--report-xunit-trx-filename", $"{project.Name}.trx",
                .. TestFilterArguments(TestFilter),
            ], TestResultsDirectory / $"{project.Name}.log", ct, TestProcessEnvironment);
        }
        finally
        {
            _runningTestProjects.TryRemove(project.Name, out _);
        }
    }

    void ReportTestProject(TestModuleOutcome outcome)
    {
        var seconds = outcome.Duration.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture);
        if (outcome.ExitCode is 0 or TestsFailedExitCode)
        {
            // Failed tests are named, with their messages, in the report at the end.
            Log.WriteLine($"  {outcome.Module.Name}: {(outcome.ExitCode == 0 ? "done" : "tests failed")} in {seconds} s");
            return;
        }

        // A crash or a refused argument: no report will say what happened, its output does.

        var log = TestResultsDirectory / $"{outcome.Module.Name}.log";
        var tail = File.Exists(log) ? File.ReadLines(log).TakeLast(40) : [];
        Log.WriteLine($"  {outcome.Module.Name}: exit code {outcome.ExitCode} after {seconds} s; the end of its output ({log}):");
        foreach (var line in tail)
            Log.WriteLine($"    {line}");
    }

    async Task ReportRunningTestProjectsAsync(CancellationToken stop)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(30));
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                var running = _runningTestProjects.OrderBy(p => p.Key, StringComparer.Ordinal)
                    .Select(p => $"{p.Key} ({p.Value.Elapsed.TotalSeconds:0} s)");
                Log.WriteLine($"  still running: {string.Join(", ", running)}");
            }
        }
        catch (OperationCanceledException)
        {
            // The run ended.
        }
    }

    void ReportTestResults(IReadOnlyList<TestModuleOutcome> outcomes)
    {
        var summaries = Directory.GetFiles(TestResultsDirectory, "*.trx", SearchOption.AllDirectories).Select(TrxSummary.Read).ToList();
        var totals = TestReport.Write(Output, summaries);
        if (EnvironmentVariable("GITHUB_STEP_SUMMARY") is { Length: > 0 } jobSummary)
            File.AppendAllText(jobSummary, TestReport.ToMarkdown(summaries));
        if (totals.Failed > 0)
            throw new BuildException($"{totals.Failed} test(s) failed.");
        if (totals.Passed == 0)
            throw new BuildException("No test ran" + (TestFilter is null ? "." : $" with --test-filter {TestFilter}."));
        var broken = outcomes.Where(o => o.ExitCode != 0).Select(o => $"{o.Module.Name} (exit code {o.ExitCode})").ToList();
        if (broken.Count > 0)
            throw new BuildException($"Test run did not complete for {string.Join(", ", broken)}: see artifacts/test-results/<project>.log.");
    }

    static string[] TestFilterArguments(string? filter) => filter switch
    {
        null or "" => [],
        // With a filter some assemblies match nothing; xunit reports that as exit code 8, which is not a failure here.
        _ when filter.StartsWith('/') => ["--filter-query", filter, "--ignore-exit-code", "8"],
        _ when filter.Contains("!=", StringComparison.Ordinal) => ["--filter-not-trait", filter.Replace("!=", "=", StringComparison.Ordinal), "--ignore-exit-code", "8"],
        _ when filter.Contains('=', StringComparison.Ordinal) => ["--filter-trait", filter, "--ignore-exit-code", "8"],
        _ => throw new BuildException($"--test-filter '{filter}' is not Trait=Value, Trait!=Value or an xunit query filter starting with /."),
    };
}
