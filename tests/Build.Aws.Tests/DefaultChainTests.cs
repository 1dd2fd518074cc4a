using Amazon.CloudFormation.Model;
using Amazon.Runtime;
using Platform.FakeAws;

namespace Platform.Build.Aws.Tests;

[CollectionDefinition(nameof(ProcessEnvironment), DisableParallelization = true)]
public sealed class ProcessEnvironment;

/// <summary>The only tests that read the process environment: the SDK's own chains look nowhere else first.</summary>
[Collection(nameof(ProcessEnvironment))]
public sealed class DefaultChainTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CredentialsAndRegionComeFromTheSdkChainsWhenNotGiven()
    {
        await using var aws = await FakeAwsServer.StartAsync(cancellationToken: Ct);
        using var scope = new EnvironmentScope(new Dictionary<string, string?>
        {
            ["AWS_ACCESS_KEY_ID"] = aws.AccessKey,
            ["AWS_SECRET_ACCESS_KEY"] = aws.SecretKey,
            ["AWS_SESSION_TOKEN"] = null,
            ["AWS_REGION"] = "eu-central-1",
            ["AWS_ENDPOINT_URL"] = aws.Url,
        });
        FallbackRegionFactory.Reset();

        using var factory = AwsClientFactory.Create();
        await factory.CreateCloudFormation().DescribeStacksAsync(new DescribeStacksRequest(), Ct);

        Assert.Equal("eu-central-1", factory.Region);
        Assert.Equal(("eu-central-1", null), (aws.Requests.Single().Region, aws.Requests.Single().ErrorCode));
    }

    [Fact]
    public void MalformedRegionFromTheEnvironmentIsRejectedToo()
    {
        using var scope = new EnvironmentScope(new Dictionary<string, string?> { ["AWS_REGION"] = "Europe", ["AWS_DEFAULT_REGION"] = null });
        FallbackRegionFactory.Reset();

        var error = Assert.Throws<ArgumentException>(() => AwsClientFactory.Create());

        Assert.Equal("Region", error.ParamName);
        Assert.Contains("'europe'", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    private sealed class EnvironmentScope : IDisposable
    {
        private readonly Dictionary<string, string?> _previous = [];

        public EnvironmentScope(Dictionary<string, string?> values)
        {
            foreach (var (name, value) in values)
            {
                _previous[name] = Environment.GetEnvironmentVariable(name);
                Environment.SetEnvironmentVariable(name, value);
            }
        }

        public void Dispose()
        {
            foreach (var (name, value) in _previous)
            {
                Environment.SetEnvironmentVariable(name, value);
            }

            FallbackRegionFactory.Reset();
        }
    }
}
