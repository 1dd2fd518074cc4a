using Npgsql;

namespace Platform.ServiceDefaults.Outbox;

/// <summary>
/// Writes an event into <c>&lt;schema&gt;.outbox</c> inside the caller's transaction: it leaves (via <see cref="OutboxPublisher"/>)
/// only if that transaction commits, and it is never lost while SQS is down.
/// </summary>
public interface IOutbox
{
    /// <summary>Enqueues the envelope <c>{type, id, occurredAt, data}</c>; returns the event id.</summary>
    Task<Guid> EnqueueAsync<TData>(NpgsqlTransaction transaction, string eventType, TData data, CancellationToken cancellationToken);
}
