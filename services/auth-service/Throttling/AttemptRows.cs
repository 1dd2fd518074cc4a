using Npgsql;

namespace Platform.AuthService.Throttling;

/// <summary>
/// auth.login_failures: one row per attempt that costs a hash, by scope and key, with the database's time. The login
/// and registration throttles count them the same way.
/// </summary>
internal static class AttemptRows
{
    public static async Task<long> CountAsync(NpgsqlConnection connection, string scope, string key, TimeSpan window, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM auth.login_failures WHERE scope = $1 AND key = $2 AND failed_at > now() - make_interval(secs => $3)",
            connection);
        command.Parameters.Add(new NpgsqlParameter { Value = scope });
        command.Parameters.Add(new NpgsqlParameter { Value = key });
        command.Parameters.Add(new NpgsqlParameter { Value = window.TotalSeconds });
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>Seconds until fewer than <paramref name="limit"/> rows remain in the window: when the limit-th newest expires.</summary>
    public static async Task<int> RetryAfterAsync(NpgsqlConnection connection, string scope, string key, TimeSpan window, int limit, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "SELECT ceil(extract(epoch FROM failed_at + make_interval(secs => $3) - now()))::int FROM auth.login_failures " +
            "WHERE scope = $1 AND key = $2 AND failed_at > now() - make_interval(secs => $3) ORDER BY failed_at DESC OFFSET $4 LIMIT 1",
            connection);
        command.Parameters.Add(new NpgsqlParameter { Value = scope });
        command.Parameters.Add(new NpgsqlParameter { Value = key });
        command.Parameters.Add(new NpgsqlParameter { Value = window.TotalSeconds });
        command.Parameters.Add(new NpgsqlParameter { Value = (long)Math.Max(0, limit - 1) });
        // Nothing there: the rows that refused us were concurrent attempts that have since been removed.
        return await command.ExecuteScalarAsync(cancellationToken) is int seconds ? Math.Max(1, seconds) : 1;
    }

    public static async Task DeleteAsync(NpgsqlConnection connection, string where, CancellationToken cancellationToken, params object[] values)
    {
        await using var command = new NpgsqlCommand("DELETE FROM auth.login_failures WHERE " + where, connection);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
