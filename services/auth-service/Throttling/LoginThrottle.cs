using Microsoft.Extensions.Options;
using Npgsql;

namespace Platform.AuthService.Throttling;

/// <summary>What <see cref="LoginThrottle.BeginAsync"/> decided.</summary>
internal abstract record ThrottleDecision
{
    /// <summary>Go ahead and check the password; the attempt already counts as a failure until it is reported.</summary>
    public sealed record Allowed(long AccountRow, long AddressRow) : ThrottleDecision;

    public sealed record Refused(int RetryAfterSeconds) : ThrottleDecision;
}

/// <summary>
/// Failed sign-ins per account and per client address, in auth.login_failures so every task sees the same counts.
/// Each attempt first writes its rows as if it had failed (committed at once), then counts: of N concurrent guesses at
/// most the limit get through, because the last of them to count sees all the others. A refused attempt removes its
/// rows (hammering while locked does not extend the lock); a successful one removes its own rows and the account's
/// earlier failures, but NOT the address's: otherwise an attacker could sign in to an account of their own between
/// guesses to reset the per-address counter. A crash between the two steps leaves the attempt counted (fails closed).
/// All times are the database's, so tasks with skewed clocks agree.
/// </summary>
internal sealed class LoginThrottle(NpgsqlDataSource dataSource, IOptions<LoginThrottleOptions> options)
{
    private const string Account = "account";
    private const string Address = "address";

    public async Task<ThrottleDecision> BeginAsync(string account, string address, CancellationToken cancellationToken)
    {
        var limits = options.Value;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        long accountRow = 0, addressRow = 0;
        await using (var insert = new NpgsqlCommand(
            "INSERT INTO auth.login_failures (scope, key) VALUES ($1, $2), ($3, $4) RETURNING id, scope",
            connection))
        {
            insert.Parameters.Add(new NpgsqlParameter { Value = Account });
            insert.Parameters.Add(new NpgsqlParameter { Value = account });
            insert.Parameters.Add(new NpgsqlParameter { Value = Address });
            insert.Parameters.Add(new NpgsqlParameter { Value = address });
            await using var reader = await insert.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                // RETURNING does not promise the VALUES order: tell the rows apart by scope.
                if (reader.GetString(1) == Account)
                {
                    accountRow = reader.GetInt64(0);
                }
                else
                {
                    addressRow = reader.GetInt64(0);
                }
            }
        }

        var accountCount = await AttemptRows.CountAsync(connection, Account, account, limits.AccountWindow, cancellationToken);
        var addressCount = await AttemptRows.CountAsync(connection, Address, address, limits.AddressWindow, cancellationToken);
        if (accountCount <= limits.AccountLimit && addressCount <= limits.AddressLimit)
        {
            return new ThrottleDecision.Allowed(accountRow, addressRow);
        }

        await AttemptRows.DeleteAsync(connection, "id = $1 OR id = $2", cancellationToken, accountRow, addressRow);
        var retryAfter = 1;
        if (accountCount > limits.AccountLimit)
        {
            retryAfter = Math.Max(retryAfter, await AttemptRows.RetryAfterAsync(connection, Account, account, limits.AccountWindow, limits.AccountLimit, cancellationToken));
        }

        if (addressCount > limits.AddressLimit)
        {
            retryAfter = Math.Max(retryAfter, await AttemptRows.RetryAfterAsync(connection, Address, address, limits.AddressWindow, limits.AddressLimit, cancellationToken));
        }

        return new ThrottleDecision.Refused(retryAfter);
    }

    /// <summary>The password was right: this attempt and the account's earlier failures no longer count (see the class comment).</summary>
    public async Task SucceededAsync(ThrottleDecision.Allowed attempt, string account, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await AttemptRows.DeleteAsync(connection, "id = $1 OR (scope = 'account' AND key = $2)", cancellationToken, attempt.AddressRow, account);
    }

    /// <summary>The password was never checked (the hashing line was full): the attempt does not count.</summary>
    public async Task AbandonedAsync(ThrottleDecision.Allowed attempt, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await AttemptRows.DeleteAsync(connection, "id = $1 OR id = $2", cancellationToken, attempt.AccountRow, attempt.AddressRow);
    }

    /// <summary>The attempt's rows stay as failures; expired rows of every key are purged while we are here.</summary>
    public async Task FailedAsync(CancellationToken cancellationToken)
    {
        var limits = options.Value;
        var longest = limits.AccountWindow > limits.AddressWindow ? limits.AccountWindow : limits.AddressWindow;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await AttemptRows.DeleteAsync(connection, "scope IN ('account', 'address') AND failed_at < now() - make_interval(secs => $1)", cancellationToken, longest.TotalSeconds);
    }
}
