using Npgsql;

namespace Platform.BillingService.Invoices;

/// <summary>What a request found when it looked up its (user, key).</summary>
internal abstract record IdempotencyClaim
{
    /// <summary>This request owns the key: do the work and <see cref="IdempotencyStore.CompleteCommands"/> in the same transaction.</summary>
    public sealed record Acquired(bool TakeOverStale) : IdempotencyClaim;

    public sealed record Replay(int Status, string Body) : IdempotencyClaim;

    public sealed record InFlight : IdempotencyClaim;

    public sealed record Mismatch : IdempotencyClaim;
}

/// <summary>
/// billing.idempotency_keys, claimed and completed inside the invoice's own transaction (one commit per invoice).
/// A transaction-scoped advisory lock on (user, key) stands for "in flight": a second request with the key while the
/// first one's transaction is open fails to take it and gets 409 at once, rather than waiting on the row. A 503'd or
/// crashed request rolls back and leaves nothing, so the retry simply runs. Rows left 'in_flight' by the earlier
/// two-commit scheme still count as in flight until <see cref="InFlightExpiry"/>, and are then taken over.
/// </summary>
internal static class IdempotencyStore
{
    public static readonly TimeSpan InFlightExpiry = TimeSpan.FromSeconds(60);

    public static async Task<IdempotencyClaim> ClaimAsync(NpgsqlTransaction transaction, Guid userId, string key, string requestHash, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(transaction.Connection, transaction)
        {
            BatchCommands =
            {
                Command("SELECT pg_try_advisory_xact_lock(hashtextextended($1::text || '/' || $2, 0))", userId, key),
                Command(
                    "SELECT request_hash, state, response_status, response_body, locked_at < now() - make_interval(secs => $3) " +
                    "FROM billing.idempotency_keys WHERE user_id = $1 AND key = $2",
                    userId, key, InFlightExpiry.TotalSeconds),
            },
        };
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var locked = reader.GetBoolean(0);
        await reader.NextResultAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return locked ? new IdempotencyClaim.Acquired(TakeOverStale: false) : new IdempotencyClaim.InFlight();
        }

        if (reader.GetString(0) != requestHash)
        {
            return new IdempotencyClaim.Mismatch();
        }

        if (reader.GetString(1) == "completed")
        {
            return new IdempotencyClaim.Replay(reader.GetInt32(2), reader.GetString(3));
        }

        // An 'in_flight' row of the two-commit scheme: its owner crashed once it has been silent past the expiry.
        return locked && reader.GetBoolean(4) ? new IdempotencyClaim.Acquired(TakeOverStale: true) : new IdempotencyClaim.InFlight();
    }

    /// <summary>The completed record with the response to replay, for the work's batch.</summary>
    public static IEnumerable<NpgsqlBatchCommand> CompleteCommands(IdempotencyClaim.Acquired claim, Guid userId, string key, string requestHash, int status, string body)
    {
        if (claim.TakeOverStale)
        {
            yield return Command("DELETE FROM billing.idempotency_keys WHERE user_id = $1 AND key = $2 AND state = 'in_flight'", userId, key);
        }

        yield return Command(
            "INSERT INTO billing.idempotency_keys (user_id, key, request_hash, state, lock_token, response_status, response_body) " +
            "VALUES ($1, $2, $3, 'completed', gen_random_uuid(), $4, $5)",
            userId, key, requestHash, status, body);
    }

    private static NpgsqlBatchCommand Command(string sql, params object[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        return command;
    }
}
