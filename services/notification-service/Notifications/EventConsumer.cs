using System.Diagnostics;
using Amazon.SQS;
using Amazon.SQS.Model;
using Microsoft.Extensions.Options;
using Npgsql;
using Platform.ServiceDefaults.Configuration;
using Platform.ServiceDefaults.Telemetry;

namespace Platform.NotificationService.Notifications;

/// <summary>
/// Consumes the events queue: long-polls batches, records each batch's notifications in one statement (one per event
/// id: a redelivered message is a no-op) and deletes them with one DeleteMessageBatch after the commit. A message it
/// cannot parse is left alone, so SQS redrives it to the DLQ after maxReceiveCount; a batch the database refuses is
/// retried one message at a time, so one bad message never holds up the others.
/// On shutdown it starts no new receive but lets the one in flight finish (cancelling it would leave whatever SQS had
/// already matched to it invisible for the visibility timeout), handles that batch and releases what it could not.
/// Each message's span continues the trace its <c>traceparent</c> attribute names (docs/design/tracing.md).
/// </summary>
internal sealed partial class EventConsumer(
    IAmazonSQS sqs,
    NpgsqlDataSource dataSource,
    IOptions<SqsOptions> sqsOptions,
    IOptions<ConsumerOptions> options,
    ConsumerState state,
    PlatformMetrics metrics,
    DeadLetterLimit deadLetterLimit,
    TimeProvider clock,
    ILogger<EventConsumer> logger) : BackgroundService
{
    // A receive is never cancelled by shutdown; this only bounds one that SQS itself never answers.
    private static readonly TimeSpan ReceiveSlack = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan WorkTimeout = TimeSpan.FromSeconds(10);
    private static readonly List<string> TraceAttributes = [EventTracing.TraceParentAttribute, EventTracing.TraceStateAttribute];
    private static readonly List<string> ReceiveCount = [MessageSystemAttributeName.ApproximateReceiveCount];

    /// <summary>
    /// Running from the moment the host starts it: since .NET 10 the host runs <see cref="ExecuteAsync"/> on the thread
    /// pool, so a health probe right after start-up could otherwise see the consumer "not running" before its first line ran.
    /// </summary>
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        state.Running = true;
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var queueUrl = sqsOptions.Value.QueueUrl!;
        state.Running = true;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                if (await ReceiveAsync(queueUrl, settings) is { } messages)
                {
                    await HandleAsync(queueUrl, messages, settings, stoppingToken);
                }
                else
                {
                    await DelayQuietlyAsync(settings.ErrorDelay, stoppingToken);
                }
            }
        }
        finally
        {
            state.Running = false;
        }
    }

    private async Task<List<Message>?> ReceiveAsync(string queueUrl, ConsumerOptions settings)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(settings.WaitTimeSeconds) + ReceiveSlack);
        try
        {
            // A long poll every 20 s is not worth a trace; the messages it brings start their spans in HandleAsync.
            var response = await TelemetryExtensions.UntracedAsync(() => sqs.ReceiveMessageAsync(
                new ReceiveMessageRequest
                {
                    QueueUrl = queueUrl,
                    WaitTimeSeconds = settings.WaitTimeSeconds,
                    MaxNumberOfMessages = settings.MaxNumberOfMessages,
                    MessageAttributeNames = TraceAttributes,
                    MessageSystemAttributeNames = ReceiveCount,
                },
                timeout.Token));
            state.LastSuccessfulPoll = clock.GetUtcNow();
            return response.Messages ?? [];
        }
        catch (Exception exception)
        {
            // SQS unreachable: record it for /health and try again shortly.
            state.RecordFailure($"receive failed: {exception.Message}");
            LogReceiveFailed(logger, exception.Message);
            return null;
        }
    }

    private async Task HandleAsync(string queueUrl, List<Message> messages, ConsumerOptions settings, CancellationToken stoppingToken)
    {
        if (messages.Count == 0)
        {
            return;
        }

        using var spans = EventTracing.StartBatch(
            "events process",
            ActivityKind.Consumer,
            [.. messages.Select(TraceContextOf)],
            [
                new("messaging.system", "aws_sqs"),
                new("messaging.operation.type", "process"),
                new("messaging.destination.name", queueUrl[(queueUrl.LastIndexOf('/') + 1)..]),
            ]);
        var parsed = new List<(Message Message, NotificationEvent Event)>(messages.Count);
        for (var i = 0; i < messages.Count; i++)
        {
            var message = messages[i];
            spans.Item(i)?.SetTag("messaging.message.id", message.MessageId);
            if (NotificationEvent.Parse(message.Body, out var error) is { } notification)
            {
                spans.Item(i)?.SetTag("event.type", notification.Type);
                parsed.Add((message, notification));
            }
            else
            {
                state.RecordFailure($"message {message.MessageId}: {error}");
                LogPoison(logger, message.MessageId, error!);
                spans.Fail(i, error!);
                await CountFailureAsync(message, "unparseable");
            }
        }

        if (parsed.Count == 0)
        {
            return;
        }

        using var timeout = new CancellationTokenSource(WorkTimeout);
        var committed = await CommitAsync(parsed, timeout.Token);
        foreach (var (message, _) in parsed.Where(p => !committed.Contains(p.Message)))
        {
            spans.Fail(messages.IndexOf(message), "not recorded");
        }

        var done = new List<Message>(committed.Count);
        foreach (var message in committed)
        {
            try
            {
                if (settings.AfterCommit is { } hook)
                {
                    await hook(message.MessageId, stoppingToken);
                }

                done.Add(message);
            }
            catch (OperationCanceledException)
            {
                // The test hook's "crash": not deleted, redelivered later, and the insert is then a no-op.
            }
        }

        await DeleteAsync(queueUrl, done, parsed);
        if (stoppingToken.IsCancellationRequested)
        {
            await ReleaseAsync(queueUrl, [.. parsed.Select(p => p.Message).Except(committed)]);
        }
    }

    /// <summary>The batch in one statement; if the database refuses it, each message on its own. Returns what is committed.</summary>
    private async Task<List<Message>> CommitAsync(List<(Message Message, NotificationEvent Event)> parsed, CancellationToken cancellationToken)
    {
        try
        {
            await NotificationWriter.InsertAsync(dataSource, [.. parsed.Select(p => p.Event)], cancellationToken);
            return [.. parsed.Select(p => p.Message)];
        }
        catch (Exception exception) when (parsed.Count > 1)
        {
            LogBatchFailed(logger, parsed.Count, exception.Message);
        }
        catch (Exception exception)
        {
            await FailedAsync(parsed[0].Message, exception);
            return [];
        }

        var committed = new List<Message>(parsed.Count);
        foreach (var (message, notification) in parsed)
        {
            try
            {
                await NotificationWriter.InsertAsync(dataSource, [notification], cancellationToken);
                committed.Add(message);
            }
            catch (Exception exception)
            {
                await FailedAsync(message, exception);
            }
        }

        return committed;
    }

    private async Task DeleteAsync(string queueUrl, List<Message> messages, List<(Message Message, NotificationEvent Event)> parsed)
    {
        if (messages.Count == 0)
        {
            return;
        }

        try
        {
            using var timeout = new CancellationTokenSource(WorkTimeout);
            var response = await sqs.DeleteMessageBatchAsync(
                new DeleteMessageBatchRequest { QueueUrl = queueUrl, Entries = [.. messages.Select((m, i) => new DeleteMessageBatchRequestEntry(i.ToString(System.Globalization.CultureInfo.InvariantCulture), m.ReceiptHandle))] },
                timeout.Token);
            foreach (var deleted in response.Successful ?? [])
            {
                state.RecordProcessed();
                var message = messages[int.Parse(deleted.Id, System.Globalization.CultureInfo.InvariantCulture)];
                metrics.Consumed(parsed.First(p => p.Message == message).Event.Type);
            }

            foreach (var failed in response.Failed ?? [])
            {
                // Redelivered after the visibility timeout; the insert is then a no-op.
                state.RecordFailure($"delete failed: {failed.Code}");
                metrics.Failed("delete");
            }
        }
        catch (Exception exception)
        {
            state.RecordFailure($"delete failed: {exception.Message}");
            LogDeleteFailed(logger, messages.Count, exception.Message);
            foreach (var _ in messages)
            {
                metrics.Failed("delete");
            }
        }
    }

    /// <summary>Shutting down with messages not handled: visible again at once, for the next consumer.</summary>
    private async Task ReleaseAsync(string queueUrl, List<Message> messages)
    {
        if (messages.Count == 0)
        {
            return;
        }

        try
        {
            using var timeout = new CancellationTokenSource(WorkTimeout);
            await sqs.ChangeMessageVisibilityBatchAsync(
                new ChangeMessageVisibilityBatchRequest
                {
                    QueueUrl = queueUrl,
                    Entries = [.. messages.Select((m, i) => new ChangeMessageVisibilityBatchRequestEntry(i.ToString(System.Globalization.CultureInfo.InvariantCulture), m.ReceiptHandle) { VisibilityTimeout = 0 })],
                },
                timeout.Token);
        }
        catch (Exception exception)
        {
            // They come back after the visibility timeout instead.
            LogReleaseFailed(logger, messages.Count, exception.Message);
        }
    }

    private async Task FailedAsync(Message message, Exception exception)
    {
        // Not deleted: SQS delivers it again after the visibility timeout, and the DLQ takes it after maxReceiveCount.
        state.RecordFailure($"message {message.MessageId}: {exception.Message}");
        LogHandleFailed(logger, message.MessageId, exception.Message);
        await CountFailureAsync(message, "database");
    }

    /// <summary>A failure on the message's last allowed receive is also a dead letter: SQS moves it to the DLQ instead of redelivering.</summary>
    private async Task CountFailureAsync(Message message, string reason)
    {
        metrics.Failed(reason);
        if (message.Attributes?.TryGetValue(MessageSystemAttributeName.ApproximateReceiveCount, out var received) == true
            && int.TryParse(received, System.Globalization.CultureInfo.InvariantCulture, out var count)
            && await deadLetterLimit.MaxReceiveCountAsync() is { } limit
            && count >= limit)
        {
            metrics.DeadLettered();
        }
    }

    private static ActivityContext TraceContextOf(Message message) =>
        EventTracing.Parse(AttributeOf(message, EventTracing.TraceParentAttribute), AttributeOf(message, EventTracing.TraceStateAttribute));

    private static string? AttributeOf(Message message, string name) =>
        message.MessageAttributes?.TryGetValue(name, out var value) == true ? value.StringValue : null;

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

    [LoggerMessage(Level = LogLevel.Warning, Message = "A batch of {Count} was refused ({Reason}); handling its messages one by one")]
    private static partial void LogBatchFailed(ILogger logger, int count, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deleting {Count} handled messages failed; they will be redelivered as no-ops: {Reason}")]
    private static partial void LogDeleteFailed(ILogger logger, int count, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Releasing {Count} unhandled messages at shutdown failed: {Reason}")]
    private static partial void LogReleaseFailed(ILogger logger, int count, string reason);
}
