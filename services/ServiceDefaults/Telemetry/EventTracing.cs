using System.Diagnostics;

namespace Platform.ServiceDefaults.Telemetry;

/// <summary>
/// Spans around the events' hops (outbox publish, queue consume) and the W3C trace context they carry: in the outbox row
/// (<c>trace_parent</c>, <c>trace_state</c>) and in the SQS message attributes <c>traceparent</c> / <c>tracestate</c>.
/// With no listener (no OTLP endpoint configured) every Start… returns null and nothing is allocated.
/// </summary>
public static class EventTracing
{
    public const string SourceName = "Platform.Events";

    /// <summary>The SQS message attribute names, as W3C Trace Context names the HTTP headers.</summary>
    public const string TraceParentAttribute = "traceparent";

    public const string TraceStateAttribute = "tracestate";

    internal static readonly ActivitySource Source = new(SourceName);

    /// <summary>The current span's context as (traceparent, tracestate); nulls when there is none.</summary>
    public static (string? TraceParent, string? TraceState) CurrentContext() =>
        Activity.Current is { IdFormat: ActivityIdFormat.W3C } current ? (current.Id, current.TraceStateString) : (null, null);

    /// <summary>The context a stored or received traceparent names; default when absent or malformed (a new trace then).</summary>
    public static ActivityContext Parse(string? traceParent, string? traceState) =>
        traceParent is not null && ActivityContext.TryParse(traceParent, traceState, isRemote: true, out var context) ? context : default;

    /// <summary>
    /// One span per item of a batch, each in its item's trace (<paramref name="parents"/>), all of the same kind and name.
    /// While the batch's work runs, <see cref="Activity.Current"/> is the item's span when the batch has one item, so the
    /// work's own spans (the SQS call, the SQL statement) land in that trace; a batch of several gets a span of its own,
    /// linked to every item's span (OpenTelemetry's messaging conventions for batches), and the work's spans go under it.
    /// </summary>
    public static BatchSpans StartBatch(string name, ActivityKind kind, IReadOnlyList<ActivityContext> parents, IEnumerable<KeyValuePair<string, object?>> tags)
    {
        ArgumentNullException.ThrowIfNull(parents);
        if (!Source.HasListeners() || parents.Count == 0)
        {
            return BatchSpans.None;
        }

        var tagList = tags.ToList();
        var items = new Activity?[parents.Count];
        var previous = Activity.Current;
        for (var i = 0; i < parents.Count; i++)
        {
            // Each item's span is a child of its own context, not of whatever is current (the publisher's loop has none).
            Activity.Current = null;
            items[i] = Source.StartActivity(name, kind, parents[i], tagList);
            items[i]?.SetTag("messaging.batch.message_count", parents.Count);
        }

        Activity.Current = null;
        Activity? batch = null;
        if (parents.Count > 1)
        {
            var links = items.Where(a => a is not null).Select(a => new ActivityLink(a!.Context)).ToList();
            batch = Source.StartActivity(name + " batch", kind, default(ActivityContext), tagList, links);
            batch?.SetTag("messaging.batch.message_count", parents.Count);
        }

        Activity.Current = batch ?? items[0] ?? previous;
        return new BatchSpans(items, batch, previous);
    }
}

/// <summary>The spans of one batch (see <see cref="EventTracing.StartBatch"/>); disposing ends them and restores the current span.</summary>
public sealed class BatchSpans : IDisposable
{
    internal static readonly BatchSpans None = new([], null, null);

    private readonly Activity?[] _items;
    private readonly Activity? _batch;
    private readonly Activity? _previous;

    internal BatchSpans(Activity?[] items, Activity? batch, Activity? previous)
    {
        _items = items;
        _batch = batch;
        _previous = previous;
    }

    /// <summary>The span of item <paramref name="index"/>, or null when nothing listens.</summary>
    public Activity? Item(int index) => index < _items.Length ? _items[index] : null;

    /// <summary>Marks item <paramref name="index"/> failed with a short reason (never message bodies: they may carry personal data).</summary>
    public void Fail(int index, string reason) => Item(index)?.SetStatus(ActivityStatusCode.Error, reason);

    public void Dispose()
    {
        _batch?.Dispose();
        foreach (var item in _items)
        {
            item?.Dispose();
        }

        if (_items.Length > 0)
        {
            Activity.Current = _previous;
        }
    }
}
