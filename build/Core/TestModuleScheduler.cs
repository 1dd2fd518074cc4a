using System.Diagnostics;

namespace BuildCore;

/// <summary>A test project: the name its assembly and TRX file carry, and its project file.</summary>
public sealed record TestModule(string Name, string ProjectPath);

/// <summary>How one test project's run ended.</summary>
public sealed record TestModuleOutcome(TestModule Module, int ExitCode, TimeSpan Duration);

/// <summary>
/// Runs test projects side by side, the longest first. The suite is CPU-bound on a small machine, so a long project
/// that happens to start last runs on alone while the other cores idle: on the 2-core CI machine (2026-12-01)
/// Build.Local.Tests started 70 s in and ran for two minutes after everything else had finished.
/// </summary>
public static class TestModuleScheduler
{
    /// <summary>
    /// Longest previous duration first. A project with no previous duration starts before every other one when it is in
    /// <paramref name="startFirst"/> (known to be long on a first run), else after the known ones; ties by name.
    /// </summary>
    public static IReadOnlyList<TestModule> Order(
        IEnumerable<TestModule> modules, IReadOnlyDictionary<string, double> previousSeconds, IReadOnlyCollection<string> startFirst)
    {
        ArgumentNullException.ThrowIfNull(previousSeconds);
        ArgumentNullException.ThrowIfNull(startFirst);
        return modules
            .OrderByDescending(m => previousSeconds.TryGetValue(m.Name, out var seconds) ? seconds : startFirst.Contains(m.Name) ? double.MaxValue : -1)
            .ThenBy(m => m.Name, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Starts the projects in the given order, at most <paramref name="parallelism"/> at a time; reports each as it ends.</summary>
    public static async Task<IReadOnlyList<TestModuleOutcome>> RunAsync(
        IReadOnlyList<TestModule> ordered,
        int parallelism,
        Func<TestModule, CancellationToken, Task<int>> run,
        Action<TestModuleOutcome> finished,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ordered);
        ArgumentOutOfRangeException.ThrowIfLessThan(parallelism, 1);
        using var slots = new SemaphoreSlim(parallelism);
        var running = new List<Task<TestModuleOutcome>>();
        foreach (var module in ordered)
        {
            await slots.WaitAsync(cancellationToken);
            running.Add(RunOneAsync(module));
        }

        return await Task.WhenAll(running);

        async Task<TestModuleOutcome> RunOneAsync(TestModule module)
        {
            try
            {
                var clock = Stopwatch.StartNew();
                var exitCode = await run(module, cancellationToken);
                var outcome = new TestModuleOutcome(module, exitCode, clock.Elapsed);
                finished(outcome);
                return outcome;
            }
            finally
            {
                slots.Release();
            }
        }
    }
}
