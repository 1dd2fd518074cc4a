using System.Text.Json;
using Amazon.SQS;
using Amazon.SQS.Model;
using Microsoft.Extensions.Options;
using Platform.ServiceDefaults.Configuration;
using Platform.ServiceDefaults.Telemetry;

namespace Platform.NotificationService.Notifications;

/// <summary>
/// The events queue's maxReceiveCount (its RedrivePolicy), read once with GetQueueAttributes (which the task may already
/// call for its health check): a message failing on that receive goes to the DLQ next. Null while unknown (no policy,
/// or SQS unreachable: asked again at the next failure).
/// </summary>
internal sealed class DeadLetterLimit(IAmazonSQS sqs, IOptions<SqsOptions> options)
{
    private static readonly List<string> Policy = [QueueAttributeName.RedrivePolicy];
    private int? _maxReceiveCount;

    public async Task<int?> MaxReceiveCountAsync()
    {
        if (_maxReceiveCount is { } known)
        {
            return known;
        }

        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            var response = await TelemetryExtensions.UntracedAsync(() => sqs.GetQueueAttributesAsync(
                new GetQueueAttributesRequest { QueueUrl = options.Value.QueueUrl, AttributeNames = Policy }, timeout.Token));
            if (response.Attributes?.TryGetValue(QueueAttributeName.RedrivePolicy, out var policy) == true)
            {
                _maxReceiveCount = Parse(policy);
            }
        }
        catch (Exception exception) when (exception is AmazonSQSException or HttpRequestException or OperationCanceledException)
        {
            // Unknown for now; the failure itself is counted and logged by the consumer.
        }

        return _maxReceiveCount;
    }

    /// <summary>maxReceiveCount from a RedrivePolicy document; SQS writes it as a number or as a string.</summary>
    internal static int? Parse(string policy)
    {
        try
        {
            using var document = JsonDocument.Parse(policy);
            if (!document.RootElement.TryGetProperty("maxReceiveCount", out var value))
            {
                return null;
            }

            return value.ValueKind switch
            {
                JsonValueKind.Number when value.TryGetInt32(out var number) => number,
                JsonValueKind.String when int.TryParse(value.GetString(), System.Globalization.CultureInfo.InvariantCulture, out var text) => text,
                _ => null,
            };
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
