using Microsoft.Extensions.Options;
using Npgsql;

namespace Platform.AuthService.Throttling;

/// <summary>
/// Registrations per client address (the same address as the login throttle's), in auth.login_failures with scope
/// 'registration'. Every registration counts, new email or taken (both cost a hash, and the answers must not differ).
/// As with sign-ins, the row is written before counting, so concurrent registrations cannot slip past the limit, and
/// a refused one removes its row.
/// </summary>
internal sealed class RegistrationThrottle(NpgsqlDataSource dataSource, IOptions<RegistrationThrottleOptions> options)
{
    private const string Scope = "registration";

    /// <summary>Null when the registration may go ahead, else the seconds to wait.</summary>
    public async Task<int?> BeginAsync(string address, CancellationToken cancellationToken)
    {
        var limits = options.Value;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        long row;
        await using (var insert = new NpgsqlCommand("INSERT INTO auth.login_failures (scope, key) VALUES ($1, $2) RETURNING id", connection))
        {
            insert.Parameters.Add(new NpgsqlParameter { Value = Scope });
            insert.Parameters.Add(new NpgsqlParameter { Value = address });
            row = (long)(await insert.ExecuteScalarAsync(cancellationToken))!;
        }

        if (await AttemptRows.CountAsync(connection, Scope, address, limits.AddressWindow, cancellationToken) <= limits.AddressLimit)
        {
            // Expired rows of every address are purged while we are here.
            await AttemptRows.DeleteAsync(connection, "scope = $1 AND failed_at < now() - make_interval(secs => $2)", cancellationToken, Scope, limits.AddressWindow.TotalSeconds);
            return null;
        }

        await AttemptRows.DeleteAsync(connection, "id = $1", cancellationToken, row);
        return await AttemptRows.RetryAfterAsync(connection, Scope, address, limits.AddressWindow, limits.AddressLimit, cancellationToken);
    }
}
