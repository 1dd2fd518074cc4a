using System.Text.Json;
using Amazon.SQS;
using Amazon.SQS.Model;

namespace Platform.Testing;

/// <summary>Reads (and deletes) messages from a test queue until a condition holds or time runs out.</summary>
public static class QueueReader
{
    public static async Task<List<JsonElement>> ReceiveAsync(IAmazonSQS sqs, string queueUrl, int expected, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var messages = new List<JsonElement>();
        var deadline = DateTime.UtcNow + timeout;
        while (messages.Count < expected && DateTime.UtcNow < deadline)
        {
            var response = await sqs.ReceiveMessageAsync(
                new ReceiveMessageRequest { QueueUrl = queueUrl, MaxNumberOfMessages = 10, WaitTimeSeconds = 1 },
                cancellationToken);
            foreach (var message in response.Messages ?? [])
            {
                messages.Add(JsonDocument.Parse(message.Body).RootElement.Clone());
                await sqs.DeleteMessageAsync(queueUrl, message.ReceiptHandle, cancellationToken);
            }
        }

        return messages;
    }
}
