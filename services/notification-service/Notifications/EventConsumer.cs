using Amazon.SQS;
using Amazon.SQS.Model;
using Microsoft.Extensions.Options;
using Npgsql;
using Platform.ServiceDefaults.Configuration;
using Platform.ServiceDefaults.Database;

namespace Platform.NotificationService.Notifications;

/// <summary>
/// Consumes the events queue: long-polls batches, records one notification per event id (INSERT … ON CONFLICT DO NOTHING,
/// so a redelivered message is a no-op) and deletes each message only after its commit. A message it cannot process is
/// left alone, so SQS redrives it to the DLQ after maxReceiveCount; each message is handled on its own, so one poison
/// message never holds up the others. On shutdown it stops receiving and finishes the batch in hand.
/// </summary>
internal sealed partial class EventConsumer(
    IAmazonSQS sqs,
    NpgsqlDataSource dataSource,
    IOptions<SqsOptions> sqsOptions,
    IOptions<ConsumerOptions> options,
    ConsumerState state,
    TimeProvider clock,
    ILogger<EventConsumer> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var queueUrl = sqsOptions.Value.QueueUrl;
        state.Running = true;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                List<Message> messages;
                try
                {
                    var response = await sqs.ReceiveMessageAsync(
                        new ReceiveMessageRequest { QueueUrl = queueUrl, WaitTimeSeconds = settings.WaitTimeSeconds, MaxNumberOfMessages = settings.MaxNumberOfMessages },
                        stoppingToken);
                    messages = response.Messages ?? [];
                    state.LastSuccessfulPoll = clock.GetUtcNow();
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    break;
                }
                catch (Exception exception)
                {
                    // SQS unreachable: record it for /health and try again shortly.
                    state.RecordFailure($"receive failed: {exception.Message}");
                    LogReceiveFailed(logger, exception.Message);
                    await DelayQuietlyAsync(settings.ErrorDelay, stoppingToken);
                    continue;
                }

                // The batch in hand is finished even when shutdown starts: CancellationToken.None from here on.
                foreach (var message in messages)
                {
                    await HandleAsync(queueUrl!, message, settings, stoppingToken);
                }
            }
        }
        finally
        {
            state.Running = false;
        }
    }

    private async Task HandleAsync(string queueUrl, Message message, ConsumerOptions settings, CancellationToken stoppingToken)
    {
        var notification = NotificationEvent.Parse(message.Body, out var error);
        if (notification is null)
        {
            state.RecordFailure($"message {message.MessageId}: {error}");
            LogPoison(logger, message.MessageId, error!);
            return;
        }

        try
        {
            await dataSource.InTransactionAsync(
                async (connection, transaction, ct) =>
                {
                    await using var insert = new NpgsqlCommand(
                        "INSERT INTO notify.notifications (event_id, user_id, kind) VALUES ($1, $2, $3) ON CONFLICT (event_id) DO NOTHING",
                        connection,
                        transaction);
                    insert.Parameters.Add(new NpgsqlParameter { Value = notification.EventId });
                    insert.Parameters.Add(new NpgsqlParameter { Value = notification.UserId });
                    insert.Parameters.Add(new NpgsqlParameter { Value = notification.Type });
                    return await insert.ExecuteNonQueryAsync(ct);
                },
                CancellationToken.None);

            if (settings.AfterCommit is { } hook)
            {
                await hook(notification.EventId, stoppingToken);
            }

            await sqs.DeleteMessageAsync(queueUrl, message.ReceiptHandle, CancellationToken.None);
            state.RecordProcessed();
        }
        catch (Exception exception)
        {
            // Not deleted: SQS delivers it again after the visibility timeout and the insert is then a no-op.
            state.RecordFailure($"message {message.MessageId}: {exception.Message}");
            LogHandleFailed(logger, message.MessageId, exception.Message);
        }
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Receiving from the events queue failed: {Reason}")]
    private static partial void LogReceiveFailed(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Message {MessageId} cannot be processed ({Reason}); left for the DLQ")]
    private static partial void LogPoison(ILogger logger, string messageId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Message {MessageId} failed; it will be redelivered: {Reason}")]
    private static partial void LogHandleFailed(ILogger logger, string messageId, string reason);
}
