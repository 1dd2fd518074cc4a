using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace Platform.ServiceDefaults.Outbox;

/// <summary>
/// The publisher's own session (unpooled, counted apart in the connection budget): LISTENs for the NOTIFY that follows
/// every outbox write's commit (<see cref="OutboxNotifier"/>), and holds the session advisory lock that makes this task the one that publishes.
/// Only one task per service sends at a time, so rows need no claim and no transaction is held across a send;
/// when that task goes, its session ends, the lock frees and the next task's listener takes it.
/// </summary>
internal sealed class OutboxListener : IAsyncDisposable
{
    private readonly NpgsqlConnection _connection;
    private readonly long _lockKey;
    private bool _leader;

    private OutboxListener(NpgsqlConnection connection, long lockKey)
    {
        _connection = connection;
        _lockKey = lockKey;
    }

    /// <summary>The session itself, for the publisher's reads and marks between waits (never during one).</summary>
    public NpgsqlConnection Session => _connection;

    /// <summary>
    /// Opens the session and LISTENs. <paramref name="notified"/> runs for every notification, also one that arrives while
    /// the session runs the publisher's reads (Npgsql hands it over then, and the next wait would not see it again).
    /// </summary>
    public static async Task<OutboxListener> OpenAsync(NpgsqlDataSource dataSource, PlatformService service, Action notified, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        connection.Notification += (_, _) => notified();
        try
        {
            await using var listen = new NpgsqlCommand($"LISTEN {OutboxChannel.For(service)}", connection);
            await listen.ExecuteNonQueryAsync(cancellationToken);
            return new OutboxListener(connection, LockKeyFor(service.Schema));
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public static long LockKeyFor(string schema) =>
        BitConverter.ToInt64(SHA256.HashData(Encoding.UTF8.GetBytes("platform-outbox:" + schema)), 0);

    /// <summary>True once this session holds the publisher lock (kept for the session's life).</summary>
    public async Task<bool> IsLeaderAsync(CancellationToken cancellationToken)
    {
        if (!_leader)
        {
            await using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock($1)", _connection);
            command.Parameters.Add(new NpgsqlParameter { Value = _lockKey });
            _leader = (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
        }

        return _leader;
    }

    /// <summary>
    /// Returns when <paramref name="committed"/> completes (a commit in this task, or a notification already handed over),
    /// a notification arrives, or <paramref name="poll"/> passes on <paramref name="clock"/>.
    /// </summary>
    public async Task WaitAsync(Task committed, TimeSpan poll, TimeProvider clock, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(committed);
        if (committed.IsCompleted)
        {
            return;
        }

        using var wake = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var notified = _connection.WaitAsync(wake.Token);
        var polled = Task.Delay(poll, clock, wake.Token);
        await Task.WhenAny(notified, polled, committed);
        await wake.CancelAsync();
        try
        {
            // A broken session surfaces here; the cancellation of the loser does not.
            await Task.WhenAll(notified, polled);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
        }
    }

    public ValueTask DisposeAsync() => _connection.DisposeAsync();
}
