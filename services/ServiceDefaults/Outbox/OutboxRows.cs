using Npgsql;

namespace Platform.ServiceDefaults.Outbox;

/// <summary>Reads and marks outbox rows, each in its own short autocommit statement: no transaction spans a send.</summary>
internal sealed class OutboxRows(NpgsqlDataSource dataSource, PlatformService service)
{
    private readonly string _unsent = $"SELECT id, body FROM {service.Schema}.outbox WHERE sent_at IS NULL ORDER BY id LIMIT $1";
    private readonly string _markSent = $"UPDATE {service.Schema}.outbox SET sent_at = now() WHERE id = ANY($1)";

    public async Task<List<(long Id, string Body)>> UnsentAsync(int limit, CancellationToken cancellationToken)
    {
        await using var select = dataSource.CreateCommand(_unsent);
        select.Parameters.Add(new NpgsqlParameter { Value = limit });
        var rows = new List<(long Id, string Body)>();
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add((reader.GetInt64(0), reader.GetString(1)));
        }

        return rows;
    }

    public async Task MarkSentAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
        {
            return;
        }

        await using var mark = dataSource.CreateCommand(_markSent);
        mark.Parameters.Add(new NpgsqlParameter { Value = ids.ToArray() });
        await mark.ExecuteNonQueryAsync(cancellationToken);
    }
}
