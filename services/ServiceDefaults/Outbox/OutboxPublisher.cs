using Amazon.SQS;
using Amazon.SQS.Model;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Platform.ServiceDefaults.Configuration;

namespace Platform.ServiceDefaults.Outbox;

/// <summary>
/// Sends unsent outbox rows to the events queue in insertion order and marks them sent. At-least-once: a crash between
/// the send and the commit sends a row again, which the consumer absorbs by deduplicating on the event id.
/// </summary>
public sealed partial class OutboxPublisher(
    NpgsqlDataSource dataSource,
    IAmazonSQS sqs,
    IOptions<SqsOptions> sqsOptions,
    IOptions<OutboxOptions> options,
    PlatformService service,
    ILogger<OutboxPublisher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var backoff = settings.InitialBackoff;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var sent = await PublishBatchAsync(settings.BatchSize, stoppingToken);
                backoff = settings.InitialBackoff;
                if (sent < settings.BatchSize)
                {
                    await Task.Delay(settings.IdleDelay, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                // SQS or the database is down (any failure): keep the rows, try again later with backoff.
                LogPublishFailed(logger, backoff.TotalMilliseconds, exception.Message);
                await DelayQuietlyAsync(backoff, stoppingToken);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, settings.MaxBackoff.Ticks));
            }
        }
    }

    /// <summary>Locks the oldest unsent rows (SKIP LOCKED lets another task take the next ones), sends them, marks them sent.</summary>
    internal async Task<int> PublishBatchAsync(int batchSize, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var rows = new List<(long Id, string Body)>();
        await using (var select = new NpgsqlCommand(
            $"SELECT id, body FROM {service.Schema}.outbox WHERE sent_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED",
            connection,
            transaction))
        {
            select.Parameters.Add(new NpgsqlParameter { Value = batchSize });
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add((reader.GetInt64(0), reader.GetString(1)));
            }
        }

        foreach (var (id, body) in rows)
        {
            // One at a time, in order: a failure leaves this row and every later one unsent.
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(10));
            await sqs.SendMessageAsync(new SendMessageRequest { QueueUrl = sqsOptions.Value.QueueUrl, MessageBody = body }, timeout.Token);
            await using var mark = new NpgsqlCommand($"UPDATE {service.Schema}.outbox SET sent_at = now() WHERE id = $1", connection, transaction);
            mark.Parameters.Add(new NpgsqlParameter { Value = id });
            await mark.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return rows.Count;
    }

    private static async Task DelayQuietlyAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Shutting down.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox publish failed; retrying in {BackoffMs} ms: {Reason}")]
    private static partial void LogPublishFailed(ILogger logger, double backoffMs, string reason);
}
