using Npgsql;
using Platform.ServiceDefaults.Database;
using Platform.ServiceDefaults.Outbox;

namespace Platform.AuthService.Accounts;

internal sealed record Account(Guid Id, string Email, string PasswordHash);

/// <summary>auth.users. Emails are stored normalised; the unique index decides which of two racing registrations wins.</summary>
internal sealed class AccountStore(NpgsqlDataSource dataSource, IOutbox outbox)
{
    public const string UserRegistered = "user.registered";

    /// <summary>
    /// Inserts the account and its user.registered event in one transaction; returns the new id, or null when the email
    /// is taken, including by a registration committing at the same moment: ON CONFLICT waits for it and does nothing.
    /// </summary>
    public Task<Guid?> TryCreateAsync(string email, string passwordHash, CancellationToken cancellationToken) =>
        dataSource.InTransactionAsync(
            async (connection, transaction, ct) =>
            {
                await using var insert = new NpgsqlCommand(
                    "INSERT INTO auth.users (email, password_hash) VALUES ($1, $2) ON CONFLICT (email) DO NOTHING RETURNING id",
                    connection,
                    transaction);
                insert.Parameters.Add(new NpgsqlParameter { Value = email });
                insert.Parameters.Add(new NpgsqlParameter { Value = passwordHash });
                if (await insert.ExecuteScalarAsync(ct) is not Guid id)
                {
                    return (Guid?)null;
                }

                await outbox.EnqueueAsync(transaction, UserRegistered, new UserRegisteredData(id, email), ct);
                return id;
            },
            cancellationToken);

    /// <summary>Replaces the hash only if it is still the one that was verified (a concurrent change wins).</summary>
    public async Task ReplaceHashAsync(Guid id, string verifiedHash, string newHash, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("UPDATE auth.users SET password_hash = $3 WHERE id = $1 AND password_hash = $2");
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        command.Parameters.Add(new NpgsqlParameter { Value = verifiedHash });
        command.Parameters.Add(new NpgsqlParameter { Value = newHash });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<Account?> FindAsync(string email, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT id, email, password_hash FROM auth.users WHERE email = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = email });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? new Account(reader.GetGuid(0), reader.GetString(1), reader.GetString(2)) : null;
    }
}
