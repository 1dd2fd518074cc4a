using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace Platform.ServiceDefaults.Outbox;

internal sealed class PostgresOutbox(PlatformService service, TimeProvider clock) : IOutbox
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<Guid> EnqueueAsync<TData>(NpgsqlTransaction transaction, string eventType, TData data, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentException.ThrowIfNullOrWhiteSpace(eventType);
        var envelope = new EventEnvelope<TData>(eventType, Guid.NewGuid(), clock.GetUtcNow(), data);
        // The schema is a validated identifier (PlatformService), so interpolating it is safe.
        await using var command = new NpgsqlCommand(
            $"INSERT INTO {service.Schema}.outbox (event_id, event_type, body) VALUES ($1, $2, $3)",
            transaction.Connection,
            transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = envelope.Id });
        command.Parameters.Add(new NpgsqlParameter { Value = eventType });
        command.Parameters.Add(new NpgsqlParameter { Value = JsonSerializer.Serialize(envelope, Json), NpgsqlDbType = NpgsqlDbType.Text });
        await command.ExecuteNonQueryAsync(cancellationToken);
        return envelope.Id;
    }
}
