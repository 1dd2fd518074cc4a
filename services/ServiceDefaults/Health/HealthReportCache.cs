using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Platform.ServiceDefaults.Health;

/// <summary>
/// Runs the deep checks at most once per cache period; concurrent callers share one run, so a burst of probes
/// costs the dependencies one connection each. The run does not take the caller's token: an aborted request
/// must not fail the shared result.
/// </summary>
internal sealed class HealthReportCache(HealthCheckService healthChecks, TimeProvider clock, TimeSpan duration)
{
    private readonly Lock _gate = new();
    private Task<HealthReport>? _current;
    private DateTimeOffset _expires;

    public Task<HealthReport> GetAsync()
    {
        lock (_gate)
        {
            var now = clock.GetUtcNow();
            if (_current is null || (_current.IsCompleted && now >= _expires))
            {
                _current = healthChecks.CheckHealthAsync(registration => registration.Tags.Contains(HealthDefaults.DeepTag));
                _expires = now + duration;
                // The period starts when the run finishes: a slow run is not immediately stale.
                _current.ContinueWith(_ => { lock (_gate) { _expires = clock.GetUtcNow() + duration; } }, TaskScheduler.Default);
            }

            return _current;
        }
    }
}
