using Npgsql;

namespace Platform.ServiceDefaults.Database;

/// <summary>The one way features touch the database: open a pooled connection from the shared data source, run in a transaction.</summary>
public static class DataSourceExtensions
{
    /// <summary>
    /// Runs <paramref name="work"/> in a transaction; commits when it returns, rolls back when it throws. What the work
    /// registered with <see cref="AfterCommit.TryAdd"/> runs after the commit.
    /// </summary>
    public static async Task<T> InTransactionAsync<T>(
        this NpgsqlDataSource dataSource,
        Func<NpgsqlConnection, NpgsqlTransaction, CancellationToken, Task<T>> work,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(work);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var afterCommit = AfterCommit.Begin();
        try
        {
            var result = await work(connection, transaction, cancellationToken);
            // Not cancellable: a COMMIT already sent may be applied even if cancelled, and the request would then answer
            // "nothing was saved" for work that was. The deadline bounds everything up to here; the command timeout bounds this.
            await transaction.CommitAsync(CancellationToken.None);
            afterCommit.Run();
            return result;
        }
        finally
        {
            AfterCommit.End();
        }
    }
}
