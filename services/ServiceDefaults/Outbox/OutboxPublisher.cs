using Amazon.SQS;
using Amazon.SQS.Model;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using System.Diagnostics;
using Npgsql;
using Platform.ServiceDefaults.Configuration;
using Platform.ServiceDefaults.Database.Credentials;
using Platform.ServiceDefaults.Telemetry;

namespace Platform.ServiceDefaults.Outbox;

/// <summary>
/// Sends unsent outbox rows to the events queue, ten per SendMessageBatch, and marks them sent. It wakes when a row is
/// committed (LISTEN/NOTIFY, see <see cref="OutboxListener"/>) and polls every <see cref="OutboxOptions.IdleDelay"/> as
/// a safety net. At-least-once: a crash between a send and its mark sends the rows again, which the consumer absorbs
/// by deduplicating on the event id.
/// </summary>
internal sealed partial class OutboxPublisher(
    IAmazonSQS sqs,
    IOptions<SqsOptions> sqsOptions,
    DatabaseConnections connections,
    IOptions<OutboxOptions> options,
    PlatformService service,
    OutboxRows rows,
    OutboxNotifier notifier,
    PlatformMetrics metrics,
    OutboxMetrics backlogGauges,
    TimeProvider clock,
    ILogger<OutboxPublisher> logger) : BackgroundService
{
    private const int SendBatchSize = 10;
    private static readonly TimeSpan SendTimeout = TimeSpan.FromSeconds(10);

    // Taken so the hosted publisher creates the backlog gauges with the service; they are read by the meter's reader.
    private readonly OutboxMetrics _backlogGauges = backlogGauges;
    private readonly NpgsqlDataSource _listenerDataSource = connections.Create($"{service.Name}-outbox", pooling: false, timeoutSeconds: 5);

    public override void Dispose()
    {
        _listenerDataSource.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var backoff = settings.InitialBackoff;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var listener = await OutboxListener.OpenAsync(_listenerDataSource, service, notifier.Signal, stoppingToken);
                while (!stoppingToken.IsCancellationRequested)
                {
                    // Armed before the read: a commit from here on wakes the wait below at once.
                    var wake = notifier.Arm();
                    if (await listener.IsLeaderAsync(stoppingToken))
                    {
                        await DrainAsync(listener.Session, settings.ReadSize, stoppingToken);
                    }

                    backoff = settings.InitialBackoff;
                    await listener.WaitAsync(wake, settings.IdleDelay, clock, stoppingToken);
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

    /// <summary>Sends everything unsent, oldest first; returns how many rows were sent.</summary>
    internal async Task<int> DrainAsync(NpgsqlConnection session, int readSize, CancellationToken cancellationToken)
    {
        var total = 0;
        while (true)
        {
            // The polls and marks are bookkeeping: only the sends below join the events' traces.
            var unsent = await TelemetryExtensions.UntracedAsync(() => rows.UnsentAsync(session, readSize, cancellationToken));
            var sent = new List<long>(unsent.Count);
            try
            {
                foreach (var chunk in unsent.Chunk(SendBatchSize))
                {
                    await SendAsync(chunk, sent, cancellationToken);
                }
            }
            finally
            {
                // What did leave is marked even when a later chunk failed, so it is not sent twice.
                await TelemetryExtensions.UntracedAsync(async () =>
                {
                    await rows.MarkSentAsync(session, sent, CancellationToken.None);
                    return sent.Count;
                });
            }

            total += sent.Count;
            if (unsent.Count < readSize)
            {
                return total;
            }
        }
    }

    private async Task SendAsync(OutboxRow[] chunk, List<long> sent, CancellationToken cancellationToken)
    {
        var queueUrl = sqsOptions.Value.QueueUrl!;
        using var spans = EventTracing.StartBatch(
            "outbox publish",
            ActivityKind.Producer,
            [.. chunk.Select(row => EventTracing.Parse(row.TraceParent, row.TraceState))],
            [
                new("messaging.system", "aws_sqs"),
                new("messaging.operation.type", "send"),
                new("messaging.destination.name", queueUrl[(queueUrl.LastIndexOf('/') + 1)..]),
            ]);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(SendTimeout);
        var entries = chunk.Select((row, index) => Entry(row, spans.Item(index))).ToList();
        SendMessageBatchResponse response;
        try
        {
            response = await sqs.SendMessageBatchAsync(new SendMessageBatchRequest { QueueUrl = queueUrl, Entries = entries }, timeout.Token);
        }
        catch (Exception exception)
        {
            for (var i = 0; i < chunk.Length; i++)
            {
                spans.Fail(i, exception.GetType().Name);
            }

            throw;
        }

        foreach (var entry in response.Successful ?? [])
        {
            var id = long.Parse(entry.Id, System.Globalization.CultureInfo.InvariantCulture);
            sent.Add(id);
            metrics.Published(chunk.First(row => row.Id == id).EventType);
        }

        if (response.Failed is { Count: > 0 } failed)
        {
            foreach (var entry in failed)
            {
                spans.Fail(Array.FindIndex(chunk, row => row.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) == entry.Id), entry.Code);
            }

            throw new InvalidOperationException($"SQS refused {failed.Count} of {chunk.Length} messages: {failed[0].Code}");
        }
    }

    /// <summary>
    /// The row as a message. Its traceparent is the publish span's, so the consumer's span is that span's child; when
    /// nothing listens here, the row's own context passes through unchanged and the trace still joins up.
    /// </summary>
    private static SendMessageBatchRequestEntry Entry(OutboxRow row, Activity? span)
    {
        span?.SetTag("event.type", row.EventType);
        var entry = new SendMessageBatchRequestEntry(row.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), row.Body);
        var (traceParent, traceState) = span is not null ? (span.Id, span.TraceStateString) : (row.TraceParent, row.TraceState);
        if (traceParent is not null)
        {
            entry.MessageAttributes = new Dictionary<string, MessageAttributeValue>
            {
                [EventTracing.TraceParentAttribute] = new() { DataType = "String", StringValue = traceParent },
            };
            if (!string.IsNullOrEmpty(traceState))
            {
                entry.MessageAttributes[EventTracing.TraceStateAttribute] = new() { DataType = "String", StringValue = traceState };
            }
        }

        return entry;
    }

    private async Task DelayQuietlyAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, clock, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Shutting down.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox publish failed; retrying in {BackoffMs} ms: {Reason}")]
    private static partial void LogPublishFailed(ILogger logger, double backoffMs, string reason);
}
