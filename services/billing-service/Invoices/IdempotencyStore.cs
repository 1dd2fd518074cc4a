using Npgsql;

namespace Platform.BillingService.Invoices;

/// <summary>What happened when a request claimed its (user, key).</summary>
internal abstract record IdempotencyClaim
{
    /// <summary>This request owns the key: do the work, then complete with <see cref="Token"/>.</summary>
    public sealed record Acquired(Guid Token) : IdempotencyClaim;

    public sealed record Replay(int Status, string Body) : IdempotencyClaim;

    public sealed record InFlight : IdempotencyClaim;

    public sealed record Mismatch : IdempotencyClaim;
}

/// <summary>
/// billing.idempotency_keys: the row is inserted in its own short transaction before any work (ON CONFLICT DO NOTHING:
/// whoever inserts wins), and completed in the work's transaction. A crashed owner's row expires after
/// <see cref="InFlightExpiry"/>, when the next retry takes it over with a new lock token; the old owner, should it still
/// be alive, then fails to complete (token mismatch) and rolls back.
/// </summary>
internal sealed class IdempotencyStore(NpgsqlDataSource dataSource)
{
    public static readonly TimeSpan InFlightExpiry = TimeSpan.FromSeconds(60);

    public async Task<IdempotencyClaim> ClaimAsync(Guid userId, string key, string requestHash, CancellationToken cancellationToken)
    {
        var token = Guid.NewGuid();
        await using (var insert = dataSource.CreateCommand(
            "INSERT INTO billing.idempotency_keys (user_id, key, request_hash, state, lock_token) VALUES ($1, $2, $3, 'in_flight', $4) ON CONFLICT DO NOTHING"))
        {
            insert.Parameters.Add(new NpgsqlParameter { Value = userId });
            insert.Parameters.Add(new NpgsqlParameter { Value = key });
            insert.Parameters.Add(new NpgsqlParameter { Value = requestHash });
            insert.Parameters.Add(new NpgsqlParameter { Value = token });
            if (await insert.ExecuteNonQueryAsync(cancellationToken) == 1)
            {
                return new IdempotencyClaim.Acquired(token);
            }
        }

        await using (var select = dataSource.CreateCommand(
            "SELECT request_hash, state, response_status, response_body FROM billing.idempotency_keys WHERE user_id = $1 AND key = $2"))
        {
            select.Parameters.Add(new NpgsqlParameter { Value = userId });
            select.Parameters.Add(new NpgsqlParameter { Value = key });
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                // Released between our INSERT and SELECT (the owner failed): the client may simply retry.
                return new IdempotencyClaim.InFlight();
            }

            if (reader.GetString(0) != requestHash)
            {
                return new IdempotencyClaim.Mismatch();
            }

            if (reader.GetString(1) == "completed")
            {
                return new IdempotencyClaim.Replay(reader.GetInt32(2), reader.GetString(3));
            }
        }

        // In flight: take it over only when its owner has been silent longer than the expiry (it crashed).
        await using var takeOver = dataSource.CreateCommand(
            "UPDATE billing.idempotency_keys SET lock_token = $3, locked_at = now() " +
            "WHERE user_id = $1 AND key = $2 AND state = 'in_flight' AND locked_at < now() - make_interval(secs => $4)");
        takeOver.Parameters.Add(new NpgsqlParameter { Value = userId });
        takeOver.Parameters.Add(new NpgsqlParameter { Value = key });
        takeOver.Parameters.Add(new NpgsqlParameter { Value = token });
        takeOver.Parameters.Add(new NpgsqlParameter { Value = InFlightExpiry.TotalSeconds });
        return await takeOver.ExecuteNonQueryAsync(cancellationToken) == 1
            ? new IdempotencyClaim.Acquired(token)
            : new IdempotencyClaim.InFlight();
    }

    /// <summary>Records the response in the work's transaction; false when the claim was lost (expired and taken over).</summary>
    public static async Task<bool> CompleteAsync(NpgsqlTransaction transaction, Guid userId, string key, Guid token, int status, string body, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "UPDATE billing.idempotency_keys SET state = 'completed', response_status = $4, response_body = $5 " +
            "WHERE user_id = $1 AND key = $2 AND lock_token = $3 AND state = 'in_flight'",
            transaction.Connection,
            transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = userId });
        command.Parameters.Add(new NpgsqlParameter { Value = key });
        command.Parameters.Add(new NpgsqlParameter { Value = token });
        command.Parameters.Add(new NpgsqlParameter { Value = status });
        command.Parameters.Add(new NpgsqlParameter { Value = body });
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>The work failed: free the key so a retry can run (only if we still own it).</summary>
    public async Task ReleaseAsync(Guid userId, string key, Guid token)
    {
        await using var command = dataSource.CreateCommand(
            "DELETE FROM billing.idempotency_keys WHERE user_id = $1 AND key = $2 AND lock_token = $3 AND state = 'in_flight'");
        command.Parameters.Add(new NpgsqlParameter { Value = userId });
        command.Parameters.Add(new NpgsqlParameter { Value = key });
        command.Parameters.Add(new NpgsqlParameter { Value = token });
        await command.ExecuteNonQueryAsync(CancellationToken.None);
    }
}
