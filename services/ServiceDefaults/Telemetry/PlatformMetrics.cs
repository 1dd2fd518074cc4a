using System.Diagnostics.Metrics;

namespace Platform.ServiceDefaults.Telemetry;

/// <summary>
/// The platform's own instruments, on a meter from the host's <see cref="IMeterFactory"/> (so tests can listen to one host).
/// Names follow OpenTelemetry's conventions (dotted, unit in the metadata); tags carry no user data, only the event type
/// or a fixed reason, so their cardinality stays small.
/// </summary>
public sealed class PlatformMetrics
{
    public const string MeterName = "Platform";

    private readonly Counter<long> _published;
    private readonly Counter<long> _consumed;
    private readonly Counter<long> _failed;
    private readonly Counter<long> _deadLettered;
    private readonly Counter<long> _loginFailures;
    private readonly Counter<long> _throttled;

    public PlatformMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        Meter = meterFactory.Create(MeterName);
        _published = Meter.CreateCounter<long>("platform.events.published", "{event}", "Events the outbox sent to the queue");
        _consumed = Meter.CreateCounter<long>("platform.events.consumed", "{event}", "Events recorded and deleted from the queue");
        _failed = Meter.CreateCounter<long>("platform.events.failed", "{event}", "Received events that could not be recorded (left for redelivery)");
        _deadLettered = Meter.CreateCounter<long>("platform.events.dead_lettered", "{event}", "Failed events on their last receive: the queue moves them to the DLQ");
        _loginFailures = Meter.CreateCounter<long>("platform.auth.login_failures", "{attempt}", "Sign-ins refused for a wrong email or password");
        _throttled = Meter.CreateCounter<long>("platform.auth.throttled", "{attempt}", "Sign-ins and registrations refused by a throttle (429)");
    }

    /// <summary>The meter, for instruments a feature observes itself (the outbox's gauges).</summary>
    public Meter Meter { get; }

    public void Published(string eventType) => _published.Add(1, new KeyValuePair<string, object?>("event.type", eventType));

    public void Consumed(string eventType) => _consumed.Add(1, new KeyValuePair<string, object?>("event.type", eventType));

    /// <param name="reason">One of a few fixed words: <c>unparseable</c>, <c>database</c>, <c>delete</c>.</param>
    public void Failed(string reason) => _failed.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void DeadLettered() => _deadLettered.Add(1);

    public void LoginFailed() => _loginFailures.Add(1);

    /// <param name="scope"><c>login</c> or <c>registration</c>.</param>
    public void Throttled(string scope) => _throttled.Add(1, new KeyValuePair<string, object?>("scope", scope));
}
