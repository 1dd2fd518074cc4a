using Amazon;
using Amazon.SQS;
using Platform.ServiceDefaults.Configuration;

namespace Platform.ServiceDefaults;

internal static class SqsClientFactory
{
    /// <summary>
    /// An SQS client for the configured region. An endpoint override (AWS_ENDPOINT_URL_SQS / AWS_ENDPOINT_URL) is set
    /// as ServiceURL explicitly, so it wins whatever the SDK's own environment lookup does; credentials come from the
    /// default chain (the task role in ECS).
    /// </summary>
    public static AmazonSQSClient Create(SqsOptions options)
    {
        var config = new AmazonSQSConfig();
        if (string.IsNullOrWhiteSpace(options.EndpointUrl))
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(options.Region);
        }
        else
        {
            config.ServiceURL = options.EndpointUrl;
            config.AuthenticationRegion = options.Region;
        }

        return new AmazonSQSClient(config);
    }
}
