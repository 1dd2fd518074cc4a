using System.Diagnostics;
using System.Globalization;

namespace Platform.Build.Local.Platform;

/// <summary>One poll of a wait: done, and the state seen (shown in progress lines and in the failure).</summary>
public readonly record struct Probe(bool Done, string State);

/// <summary>
/// The one poll loop of the build (the local platform's waits and, through build/Deploy/Waiter.cs, CloudFormation's and ECS's):
/// every wait has a budget and shows progress; when the budget runs out it fails with what it waited for and the last state
/// seen — never warns and carries on.
/// </summary>
public static class Wait
{
    public static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(5);

    public static Task UntilAsync(
        string what, Func<CancellationToken, Task<Probe>> probe, TimeSpan budget, TextWriter log,
        Func<string, Task<string>>? describeFailure = null, TimeSpan? interval = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(probe);
        return UntilAsync<bool>(what, async ct =>
        {
            var result = await probe(ct);
            return (result.Done, true, result.State);
        }, budget, log, interval ?? TimeSpan.FromSeconds(1), ProgressInterval, describeFailure, cancellationToken: cancellationToken);
    }

    /// <summary>Polls until <paramref name="poll"/> says done and returns its value; <see cref="PlatformException"/> when the budget runs out.</summary>
    public static async Task<T> UntilAsync<T>(
        string what, Func<CancellationToken, Task<(bool Done, T Value, string State)>> poll, TimeSpan budget, TextWriter log,
        TimeSpan interval, TimeSpan progressInterval, Func<string, Task<string>>? describeFailure = null, Func<TimeSpan, string>? outlook = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(poll);
        ArgumentNullException.ThrowIfNull(log);
        var clock = Stopwatch.StartNew();
        var nextProgress = progressInterval;
        while (true)
        {
            var (done, value, state) = await poll(cancellationToken);
            if (done)
            {
                return value;
            }

            if (clock.Elapsed >= budget)
            {
                var message = $"Gave up waiting for {what} after {Seconds(budget)} (the budget); last state seen: {state}.";
                throw new PlatformException(describeFailure is null ? message : await describeFailure(message));
            }

            if (clock.Elapsed >= nextProgress)
            {
                // The outlook (how long is likely left, and from what) comes from the caller, who knows what is being waited for.
                var left = outlook is null ? "" : "; " + outlook(clock.Elapsed);
                log.WriteLine($"  still waiting for {what}: {state} ({Seconds(clock.Elapsed)} of {Seconds(budget)}{left})");
                nextProgress = clock.Elapsed + progressInterval;
            }

            await Task.Delay(interval, cancellationToken);
        }
    }

    public static string Seconds(TimeSpan duration) =>
        duration.TotalSeconds >= 1
            ? string.Create(CultureInfo.InvariantCulture, $"{duration.TotalSeconds:0} s")
            : string.Create(CultureInfo.InvariantCulture, $"{duration.TotalMilliseconds:0} ms");
}
