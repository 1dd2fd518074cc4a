using System.Diagnostics;
using System.Globalization;

namespace Platform.Build.Local.Platform;

/// <summary>One poll of a wait: done, and the state seen (shown in progress lines and in the failure).</summary>
public readonly record struct Probe(bool Done, string State);

/// <summary>Every wait has a budget and shows progress; when the budget runs out it fails with what it waited for and the last state seen.</summary>
public static class Wait
{
    public static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(5);

    public static async Task UntilAsync(
        string what, Func<CancellationToken, Task<Probe>> probe, TimeSpan budget, TextWriter log,
        Func<string, Task<string>>? describeFailure = null, TimeSpan? interval = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(probe);
        ArgumentNullException.ThrowIfNull(log);
        var clock = Stopwatch.StartNew();
        var nextProgress = ProgressInterval;
        var last = "no answer yet";
        while (true)
        {
            var result = await probe(cancellationToken);
            last = result.State;
            if (result.Done)
            {
                return;
            }

            if (clock.Elapsed >= budget)
            {
                var message = string.Create(CultureInfo.InvariantCulture, $"{what}: not ready after {budget.TotalSeconds:0} s; last seen: {last}");
                throw new PlatformException(describeFailure is null ? message : await describeFailure(message));
            }

            if (clock.Elapsed >= nextProgress)
            {
                log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  waiting for {what}: {last} ({clock.Elapsed.TotalSeconds:0} s of {budget.TotalSeconds:0} s)"));
                nextProgress += ProgressInterval;
            }

            await Task.Delay(interval ?? TimeSpan.FromSeconds(1), cancellationToken);
        }
    }
}
