using Npgsql;

namespace Platform.ServiceDefaults.Outbox;

/// <summary>
/// Writes an event into <c>&lt;schema&gt;.outbox</c> inside the caller's transaction: it leaves (via <see cref="OutboxPublisher"/>)
/// only if that transaction commits, and it is never lost while SQS is down. The publisher is woken once the transaction
/// has committed (<see cref="OutboxNotifier"/>), so the event leaves at once instead of at the next poll.
/// </summary>
public interface IOutbox
{
    /// <summary>Enqueues the envelope <c>{type, id, occurredAt, data}</c>; returns the event id.</summary>
    Task<Guid> EnqueueAsync<TData>(NpgsqlTransaction transaction, string eventType, TData data, CancellationToken cancellationToken);

    /// <summary>The same write as statements for the caller's own <see cref="NpgsqlBatch"/> (one round trip with its other writes).</summary>
    IReadOnlyList<NpgsqlBatchCommand> EnqueueCommands<TData>(string eventType, TData data);
}
