using Microsoft.Extensions.Logging;
using Npgsql;

namespace Platform.ServiceDefaults.Outbox;

/// <summary>
/// Wakes the service's outbox publisher once outbox rows have committed: in this task at once, in memory (<see cref="Arm"/>),
/// and on whichever task holds the publisher lock by a NOTIFY from a short transaction of its own right after the
/// writers' commits, not inside them. PostgreSQL commits notifying
/// transactions one at a time (one lock for the whole server, held through the commit), so a NOTIFY inside every invoice
/// transaction queued invoice commits behind each other (docs/performance.md). At most one NOTIFY is in flight per task;
/// commits during it are covered by one more right after it, so a burst of commits costs a few notifications, not one each.
/// </summary>
internal sealed partial class OutboxNotifier(Func<Task> notify, ILogger<OutboxNotifier> logger)
{
    private const int Idle = 0;
    private const int Sending = 1;
    private const int SendingAndAskedAgain = 2;

    private int _state = Idle;
    private TaskCompletionSource _localWake = NewWake();

    /// <summary>NOTIFY on a pooled connection, committed without waiting for its WAL flush: a lost wake-up costs one poll, nothing else.</summary>
    public static Func<Task> OverPostgres(NpgsqlDataSource dataSource, PlatformService service)
    {
        var channel = OutboxChannel.For(service);
        return async () =>
        {
            await using var connection = await dataSource.OpenConnectionAsync(CancellationToken.None);
            await using var transaction = await connection.BeginTransactionAsync(CancellationToken.None);
            await using var batch = new NpgsqlBatch(connection, transaction)
            {
                BatchCommands = { new NpgsqlBatchCommand("SET LOCAL synchronous_commit TO off"), new NpgsqlBatchCommand($"NOTIFY {channel}") },
            };
            await batch.ExecuteNonQueryAsync(CancellationToken.None);
            await transaction.CommitAsync(CancellationToken.None);
        };
    }

    /// <summary>
    /// The wake-up for this task's publisher: a task that completes at the first <see cref="Signal"/> after this call.
    /// The publisher arms it before it reads, so a commit during the read wakes the wait after it at once.
    /// </summary>
    public Task Arm()
    {
        var current = Volatile.Read(ref _localWake);
        if (current.Task.IsCompleted)
        {
            // A signal racing this swap completed the old one after its commit, so the read that follows sees that row.
            Interlocked.CompareExchange(ref _localWake, NewWake(), current);
        }

        return Volatile.Read(ref _localWake).Task;
    }

    /// <summary>Wakes this task's publisher (a commit here, or a notification its session handed over).</summary>
    public void Signal() => Volatile.Read(ref _localWake).TrySetResult();

    /// <summary>Rows have committed: wake this task's publisher now and make sure a NOTIFY leaves after this moment. Returns at once.</summary>
    public void Committed()
    {
        Signal();
        while (true)
        {
            var state = Volatile.Read(ref _state);
            if (state == SendingAndAskedAgain)
            {
                return;
            }

            if (Interlocked.CompareExchange(ref _state, state + 1, state) == state)
            {
                if (state == Idle)
                {
                    // Not in the writer's context: the wake-up belongs to no request's trace.
                    using (ExecutionContext.SuppressFlow())
                    {
                        _ = Task.Run(SendUntilCaughtUpAsync);
                    }
                }

                return;
            }
        }
    }

    private async Task SendUntilCaughtUpAsync()
    {
        while (true)
        {
            try
            {
                await notify();
            }
            catch (Exception exception)
            {
                // The database is busy or gone: the publisher's poll (OutboxOptions.IdleDelay) picks the rows up.
                LogNotifyFailed(logger, exception.Message);
            }

            if (Interlocked.CompareExchange(ref _state, Idle, Sending) == Sending)
            {
                return;
            }

            // Asked again while this one was in flight: one more covers every commit since.
            Volatile.Write(ref _state, Sending);
        }
    }

    private static TaskCompletionSource NewWake() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox wake-up not sent; the rows leave at the next poll: {Reason}")]
    private static partial void LogNotifyFailed(ILogger logger, string reason);
}
