using System.Globalization;
using System.Text.Json.Nodes;
using Amazon.Runtime;
using Amazon.SQS;
using Amazon.SQS.Model;

namespace Platform.Build.Local.Platform;

/// <summary>Creates the events queue and its DLQ on the emulator, with the template's redrive policy (maxReceiveCount 5).</summary>
internal static class QueueProvisioner
{
    public const int MaxReceiveCount = 5;

    public static AmazonSQSClient Client(Uri endpoint, string region) =>
        new(new BasicAWSCredentials("local", "local"), new AmazonSQSConfig { ServiceURL = endpoint.ToString(), AuthenticationRegion = region, MaxErrorRetry = 0 });

    public static async Task<Probe> ProbeAsync(Uri endpoint, string region, CancellationToken cancellationToken)
    {
        try
        {
            using var sqs = Client(endpoint, region);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(3));
            await sqs.ListQueuesAsync(new ListQueuesRequest(), timeout.Token);
            return new Probe(true, "answers ListQueues");
        }
        catch (Exception exception) when (exception is AmazonServiceException or HttpRequestException or OperationCanceledException or IOException)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                throw;
            }

            return new Probe(false, exception.GetType().Name + ": " + exception.Message);
        }
    }

    /// <summary>Returns the events queue's ARN after checking that its redrive policy names the DLQ.</summary>
    public static async Task<string> CreateAsync(Uri endpoint, string region, string queueName, string deadLetterQueueName, CancellationToken cancellationToken)
    {
        using var sqs = Client(endpoint, region);
        var dlqUrl = (await sqs.CreateQueueAsync(new CreateQueueRequest { QueueName = deadLetterQueueName }, cancellationToken)).QueueUrl;
        var dlqArn = (await sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest { QueueUrl = dlqUrl, AttributeNames = [QueueAttributeName.QueueArn] }, cancellationToken)).QueueARN;
        // JsonObject, not JsonSerializer: no reflection, so the build may run trimmed.
        var redrive = new JsonObject
        {
            ["deadLetterTargetArn"] = dlqArn,
            ["maxReceiveCount"] = MaxReceiveCount.ToString(CultureInfo.InvariantCulture),
        }.ToJsonString();
        var queueUrl = (await sqs.CreateQueueAsync(
            new CreateQueueRequest { QueueName = queueName, Attributes = new Dictionary<string, string> { [QueueAttributeName.RedrivePolicy] = redrive } },
            cancellationToken)).QueueUrl;
        var attributes = await sqs.GetQueueAttributesAsync(
            new GetQueueAttributesRequest { QueueUrl = queueUrl, AttributeNames = [QueueAttributeName.QueueArn, QueueAttributeName.RedrivePolicy] }, cancellationToken);
        if (!attributes.Attributes.TryGetValue(QueueAttributeName.RedrivePolicy, out var policy) || !policy.Contains(dlqArn, StringComparison.Ordinal))
        {
            throw new PlatformException($"SQS emulator: queue {queueName} was created without its redrive policy to {deadLetterQueueName} (got '{policy}')");
        }

        return attributes.QueueARN;
    }

    /// <summary>The URL the services use inside the network: the emulator by its alias, the account id SQS emulators use.</summary>
    public static string InNetworkQueueUrl(string host, int port, string queueName) => $"http://{host}:{port}/000000000000/{queueName}";
}
