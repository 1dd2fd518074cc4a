using Amazon.Runtime;
using Platform.FakeAws;

namespace Platform.Build.Aws.Tests;

/// <summary>Clients pointed at a fake through the same endpoint variables a real run uses, with fast retries.</summary>
internal static class FakeAwsClients
{
    public const string Region = "eu-west-1";

    public static AwsClientFactory Create(
        FakeAwsServer aws, string? secretKey = null, int maxAttempts = 4, TimeSpan? baseDelay = null,
        Action<AwsRetryEvent>? onRetry = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var variables = environment ?? new Dictionary<string, string> { ["AWS_ENDPOINT_URL"] = aws.Url };
        return AwsClientFactory.Create(new AwsClientOptions
        {
            Region = Region,
            Credentials = new BasicAWSCredentials(aws.AccessKey, secretKey ?? aws.SecretKey),
            Environment = name => variables.GetValueOrDefault(name),
            Retry = new AwsRetryPolicy { MaxAttempts = maxAttempts, BaseDelay = baseDelay ?? TimeSpan.FromMilliseconds(1) },
            OnRetry = onRetry,
        });
    }
}
