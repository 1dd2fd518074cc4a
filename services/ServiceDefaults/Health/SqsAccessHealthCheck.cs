using Amazon.SQS;
using Amazon.SQS.Model;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Platform.ServiceDefaults.Configuration;

namespace Platform.ServiceDefaults.Health;

/// <summary>sqs_access: the service's queue exists and its credentials may read it (GetQueueAttributes).</summary>
internal sealed class SqsAccessHealthCheck(IAmazonSQS sqs, IOptions<SqsOptions> options) : IHealthCheck
{
    private static readonly List<string> Attributes = [QueueAttributeName.QueueArn];

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var request = new GetQueueAttributesRequest { QueueUrl = options.Value.QueueUrl, AttributeNames = Attributes };
        await sqs.GetQueueAttributesAsync(request, cancellationToken).WaitAsync(cancellationToken);
        return HealthCheckResult.Healthy();
    }
}
