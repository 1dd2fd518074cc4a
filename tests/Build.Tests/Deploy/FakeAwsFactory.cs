using Amazon.Runtime;
using Platform.Build.Aws;
using Platform.FakeAws;

namespace BuildTests.Deploy;

/// <summary>Our AWS clients pointed at the fake, as a build run is through AWS_ENDPOINT_URL, for tests below the targets.</summary>
internal static class FakeAwsFactory
{
    public static AwsClientFactory For(FakeAwsServer aws) => AwsClientFactory.Create(new AwsClientOptions
    {
        Region = aws.Options.Region,
        Credentials = new BasicAWSCredentials(aws.AccessKey, aws.SecretKey),
        Environment = name => name == "AWS_ENDPOINT_URL" ? aws.Url : null,
    });
}
