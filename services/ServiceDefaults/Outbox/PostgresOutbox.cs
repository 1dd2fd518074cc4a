using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using Platform.ServiceDefaults.Database;
using Platform.ServiceDefaults.Telemetry;

namespace Platform.ServiceDefaults.Outbox;

internal sealed class PostgresOutbox(PlatformService service, OutboxNotifier notifier, TimeProvider clock) : IOutbox
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    // The schema is a validated identifier (PlatformService), so interpolating it is safe.
    private readonly string _insert = $"INSERT INTO {service.Schema}.outbox (event_id, event_type, body, trace_parent, trace_state) VALUES ($1, $2, $3, $4, $5)";
    private readonly string _notify = $"NOTIFY {OutboxChannel.For(service)}";
    private readonly Action _wakePublisher = notifier.Committed;

    public async Task<Guid> EnqueueAsync<TData>(NpgsqlTransaction transaction, string eventType, TData data, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        await using var batch = new NpgsqlBatch(transaction.Connection, transaction);
        var eventId = Add(batch.BatchCommands, eventType, data);
        await batch.ExecuteNonQueryAsync(cancellationToken);
        return eventId;
    }

    public IReadOnlyList<NpgsqlBatchCommand> EnqueueCommands<TData>(string eventType, TData data)
    {
        var commands = new List<NpgsqlBatchCommand>(2);
        Add(commands, eventType, data);
        return commands;
    }

    private Guid Add<TData>(IList<NpgsqlBatchCommand> commands, string eventType, TData data)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(eventType);
        var envelope = new EventEnvelope<TData>(eventType, Guid.NewGuid(), clock.GetUtcNow(), data);
        var insert = new NpgsqlBatchCommand(_insert);
        insert.Parameters.Add(new NpgsqlParameter { Value = envelope.Id });
        insert.Parameters.Add(new NpgsqlParameter { Value = eventType });
        insert.Parameters.Add(new NpgsqlParameter { Value = JsonSerializer.Serialize(envelope, Json), NpgsqlDbType = NpgsqlDbType.Text });
        // The writing request's span: the publisher and the consumer continue its trace (docs/design/tracing.md).
        var (traceParent, traceState) = EventTracing.CurrentContext();
        insert.Parameters.Add(new NpgsqlParameter<string?> { TypedValue = traceParent, NpgsqlDbType = NpgsqlDbType.Text });
        insert.Parameters.Add(new NpgsqlParameter<string?> { TypedValue = traceState, NpgsqlDbType = NpgsqlDbType.Text });
        commands.Add(insert);
        // In InTransactionAsync (every service write) the publisher is woken after the commit, outside the transaction
        // (OutboxNotifier says why). A caller with a transaction of its own gets the NOTIFY inside it, delivered on commit.
        if (!AfterCommit.TryAdd(_wakePublisher))
        {
            commands.Add(new NpgsqlBatchCommand(_notify));
        }

        return envelope.Id;
    }
}
