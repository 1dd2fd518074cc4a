using System.Diagnostics.Metrics;
using Platform.ServiceDefaults.Telemetry;

namespace Platform.ServiceDefaults.Outbox;

/// <summary>
/// platform.outbox.waiting and platform.outbox.oldest_age: read from the table when a reader collects (every export
/// interval, never on a request), so they grow while SQS is down and the publisher only retries. Every task reports the
/// same table, so aggregate them with Maximum, not Sum. A failed read reports nothing rather than a wrong zero.
/// </summary>
internal sealed class OutboxMetrics
{
    private const int ReadTimeoutSeconds = 2;

    public OutboxMetrics(PlatformMetrics metrics, OutboxRows rows)
    {
        metrics.Meter.CreateObservableGauge("platform.outbox.waiting", () => Observe(rows, backlog => backlog.Waiting), "{row}", "Outbox rows not yet sent");
        metrics.Meter.CreateObservableGauge("platform.outbox.oldest_age", () => Observe(rows, backlog => backlog.OldestAgeSeconds), "s", "Age of the oldest unsent outbox row");
    }

    private static IEnumerable<Measurement<T>> Observe<T>(OutboxRows rows, Func<(long Waiting, double OldestAgeSeconds), T> pick)
        where T : struct
    {
        (long Waiting, double OldestAgeSeconds) backlog;
        try
        {
            // The read must not become a span of its own: it runs on the exporter's thread, outside any request.
            using var _ = OpenTelemetry.SuppressInstrumentationScope.Begin();
            backlog = rows.Backlog(ReadTimeoutSeconds);
        }
        catch (Exception exception) when (exception is Npgsql.NpgsqlException or InvalidOperationException or TimeoutException)
        {
            return [];
        }

        return [new Measurement<T>(pick(backlog))];
    }
}
