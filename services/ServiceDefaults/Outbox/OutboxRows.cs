using Npgsql;

namespace Platform.ServiceDefaults.Outbox;

/// <summary>An unsent outbox row: what to send and the trace context of the request that wrote it.</summary>
internal sealed record OutboxRow(long Id, string EventType, string Body, string? TraceParent, string? TraceState);

/// <summary>
/// Reads and marks outbox rows, each in its own short autocommit statement: no transaction spans a send. The publisher
/// reads and marks on its own session (<see cref="OutboxListener"/>): on the request pool it waited behind requests,
/// and at 500 invoices/s the pool ran dry, the reads failed and the outbox fell 16 s behind (docs/performance.md).
/// </summary>
internal sealed class OutboxRows(NpgsqlDataSource dataSource, PlatformService service)
{
    private readonly string _unsent = $"SELECT id, event_type, body, trace_parent, trace_state FROM {service.Schema}.outbox WHERE sent_at IS NULL ORDER BY id LIMIT $1";
    private readonly string _markSent = $"UPDATE {service.Schema}.outbox SET sent_at = now() WHERE id = ANY($1)";
    private readonly string _backlog = $"SELECT count(*), extract(epoch FROM now() - min(created_at)) FROM {service.Schema}.outbox WHERE sent_at IS NULL";

    public async Task<List<OutboxRow>> UnsentAsync(NpgsqlConnection session, int limit, CancellationToken cancellationToken)
    {
        await using var select = new NpgsqlCommand(_unsent, session);
        select.Parameters.Add(new NpgsqlParameter { Value = limit });
        var rows = new List<OutboxRow>();
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new OutboxRow(
                reader.GetInt64(0),
                reader.GetString(1),
                reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4)));
        }

        return rows;
    }

    public async Task MarkSentAsync(NpgsqlConnection session, IReadOnlyCollection<long> ids, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
        {
            return;
        }

        await using var mark = new NpgsqlCommand(_markSent, session);
        mark.Parameters.Add(new NpgsqlParameter { Value = ids.ToArray() });
        await mark.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Rows waiting and the age of the oldest in seconds (0 when none wait); the partial unsent index serves it.</summary>
    public (long Waiting, double OldestAgeSeconds) Backlog(int timeoutSeconds)
    {
        using var command = dataSource.CreateCommand(_backlog);
        command.CommandTimeout = timeoutSeconds;
        using var reader = command.ExecuteReader();
        reader.Read();
        return (reader.GetInt64(0), reader.IsDBNull(1) ? 0 : Convert.ToDouble(reader.GetValue(1), System.Globalization.CultureInfo.InvariantCulture));
    }
}
