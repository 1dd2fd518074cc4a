using System.Diagnostics;
using System.Globalization;
using BuildCore;

namespace Platform.Build.Deploy;

/// <summary>
/// A poll loop with a budget: every wait says what it waits for, shows progress, and on overrun fails naming what it
/// waited for and the last state seen — never warns and carries on.
/// </summary>
internal sealed class Waiter(TextWriter log, TimeSpan pollInterval, TimeSpan progressInterval)
{
    /// <param name="poll">Returns done, and the state to show.</param>
    public async Task<T> UntilAsync<T>(string what, TimeSpan budget, Func<CancellationToken, Task<(bool Done, T Value, string State)>> poll, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var nextProgress = progressInterval;
        while (true)
        {
            var (done, value, state) = await poll(cancellationToken);
            if (done)
                return value;
            if (clock.Elapsed >= budget)
                throw new BuildException($"Gave up waiting for {what} after {Seconds(budget)} (the budget); last state seen: {state}.");
            if (clock.Elapsed >= nextProgress)
            {
                log.WriteLine($"  still waiting for {what}: {state} ({Seconds(clock.Elapsed)} of {Seconds(budget)})");
                nextProgress = clock.Elapsed + progressInterval;
            }
            await Task.Delay(pollInterval, cancellationToken);
        }
    }

    internal static string Seconds(TimeSpan duration) =>
        duration.TotalSeconds >= 1
            ? string.Create(CultureInfo.InvariantCulture, $"{duration.TotalSeconds:0} s")
            : string.Create(CultureInfo.InvariantCulture, $"{duration.TotalMilliseconds:0} ms");
}
