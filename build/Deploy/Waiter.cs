using BuildCore;
using Platform.Build.Local;
using Platform.Build.Local.Platform;

namespace Platform.Build.Deploy;

/// <summary>The deploy's waits on the build's one poll loop (<see cref="Wait"/>), with its failures as build errors.</summary>
internal sealed class Waiter(TextWriter log, TimeSpan pollInterval, TimeSpan progressInterval)
{
    /// <param name="poll">Returns done, and the state to show.</param>
    /// <param name="outlook">Given the time waited so far, how long is likely left and why (DeployClock.Outlook).</param>
    public async Task<T> UntilAsync<T>(
        string what, TimeSpan budget, Func<CancellationToken, Task<(bool Done, T Value, string State)>> poll, Func<TimeSpan, string>? outlook,
        CancellationToken cancellationToken)
    {
        try
        {
            return await Wait.UntilAsync(what, poll, budget, log, pollInterval, progressInterval, outlook: outlook, cancellationToken: cancellationToken);
        }
        catch (PlatformException e)
        {
            throw new BuildException(e.Message, e);
        }
    }
}
