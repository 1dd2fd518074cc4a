using Amazon;
using Amazon.CertificateManager;
using Amazon.CloudWatch;
using Amazon.CloudFormation;
using Amazon.CloudWatchLogs;
using Amazon.ECR;
using Amazon.ECS;
using Amazon.ElasticLoadBalancingV2;
using Amazon.Runtime;
using Amazon.Runtime.Credentials;
using Amazon.S3;
using Amazon.SecretsManager;
using Amazon.SecurityToken;
using Amazon.SQS;

namespace Platform.Build.Aws;

/// <summary>
/// Creates the AWS clients for one region and one set of credentials. The region is resolved and validated here, before
/// any call; credentials are resolved on the first call, so a build that never talks to AWS never needs them.
/// </summary>
/// <example>
/// <code>
/// using var aws = AwsClientFactory.Create(new AwsClientOptions { Region = "eu-west-1" });
/// using var cloudFormation = aws.CreateCloudFormation();
/// var stacks = await cloudFormation.DescribeStacksAsync(new() { StackName = "dev-microservices-platform" }, ct);
/// </code>
/// </example>
public sealed class AwsClientFactory : IDisposable
{
    /// <summary>Endpoint variable AWS_ENDPOINT_URL_SECRETS_MANAGER (the SDKs' service id "Secrets Manager").</summary>
    internal static readonly AwsServiceDefinition SecretsManagerService = new("Secrets Manager", "secretsmanager", "secretsmanager", "SECRETS_MANAGER");

    private readonly AwsClientOptions _options;
    private readonly HttpClient _http;
    private readonly Lazy<Task<AWSCredentials>> _credentials;

    private AwsClientFactory(AwsClientOptions options, string region)
    {
        _options = options;
        Region = region;
        _http = new HttpClient(options.HttpHandler ?? new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }, disposeHandler: options.HttpHandler is null)
        {
            Timeout = options.Timeout,
        };
        _credentials = new Lazy<Task<AWSCredentials>>(ResolveCredentialsAsync);
    }

    public string Region { get; }

    /// <summary>Resolves and validates the region (throws <see cref="ArgumentException"/> naming "Region" when it is missing or malformed).</summary>
    public static AwsClientFactory Create(AwsClientOptions? options = null)
    {
        options ??= new AwsClientOptions();
        var region = options.Region;
        if (string.IsNullOrWhiteSpace(region))
        {
            region = ResolveRegionFromChain();
        }

        return new AwsClientFactory(options, AwsRegion.Validate(region));
    }

    public Uri EndpointFor(AwsServiceDefinition service) => AwsEndpoints.Resolve(service, Region, _options.Environment);

    public IAmazonCloudFormation CreateCloudFormation() => new CloudFormationClient(Transport(AwsServiceDefinition.CloudFormation));

    public IAmazonECS CreateEcs() => new EcsClient(Transport(AwsServiceDefinition.Ecs));

    public IAmazonECR CreateEcr() => new EcrClient(Transport(AwsServiceDefinition.Ecr));

    public IAmazonCloudWatchLogs CreateCloudWatchLogs() => new CloudWatchLogsClient(Transport(AwsServiceDefinition.CloudWatchLogs));

    public IAmazonElasticLoadBalancingV2 CreateElasticLoadBalancingV2() => new ElasticLoadBalancingV2Client(Transport(AwsServiceDefinition.ElasticLoadBalancingV2));

    public IAmazonSecretsManager CreateSecretsManager() => new SecretsManagerClient(Transport(SecretsManagerService));

    public IAmazonCertificateManager CreateCertificateManager() => new CertificateManagerClient(Transport(AwsServiceDefinition.Acm));

    public IAmazonCloudWatch CreateCloudWatch() => new CloudWatchClient(Transport(AwsServiceDefinition.CloudWatch));

    /// <summary>True when credentials resolve (given, or from the SDK's chain); false when there are none anywhere.</summary>
    public async Task<bool> HasCredentialsAsync()
    {
        try
        {
            await _credentials.Value;
            return true;
        }
        catch (AmazonClientException)
        {
            return false;
        }
    }

    /// <summary>The SDK's own STS client (AWSSDK.SecurityToken is in our package source), pointed at the same region and endpoint rules.</summary>
    public IAmazonSecurityTokenService CreateSts()
    {
        var config = Configure(new AmazonSecurityTokenServiceConfig(), AwsServiceDefinition.Sts);
        return _options.Credentials is null
            ? new AmazonSecurityTokenServiceClient(config)
            : new AmazonSecurityTokenServiceClient(_options.Credentials, config);
    }

    /// <summary>
    /// The SDK's own S3 client (AWSSDK.S3), on the same region, credentials and endpoint rules. Checksums only where S3 requires
    /// them: our uploads are small and carry their own SHA-256 (why: docs/design/template-through-s3.md).
    /// </summary>
    public IAmazonS3 CreateS3()
    {
        var config = Configure(new AmazonS3Config
        {
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        }, AwsServiceDefinition.S3);
        // An endpoint override (a fake, LocalStack) is one host: buckets go in the path, not in a subdomain of it.
        config.ForcePathStyle = config.ServiceURL is not null;
        return _options.Credentials is null ? new AmazonS3Client(config) : new AmazonS3Client(_options.Credentials, config);
    }

    /// <summary>The SDK's own SQS client (AWSSDK.SQS, JSON protocol), on the same region, credentials and endpoint rules.</summary>
    public IAmazonSQS CreateSqs()
    {
        var config = Configure(new AmazonSQSConfig(), AwsServiceDefinition.Sqs);
        return _options.Credentials is null ? new AmazonSQSClient(config) : new AmazonSQSClient(_options.Credentials, config);
    }

    public void Dispose() => _http.Dispose();

    private T Configure<T>(T config, AwsServiceDefinition service) where T : ClientConfig
    {
        config.MaxErrorRetry = Math.Max(0, _options.Retry.MaxAttempts - 1);
        config.Timeout = _options.Timeout;
        // Our Environment function is the one source of endpoint overrides; the SDK must not read the process on its own.
        config.IgnoreConfiguredEndpointUrls = true;
        if (AwsEndpoints.Override(service, _options.Environment) is { } endpoint)
        {
            config.ServiceURL = endpoint.ToString();
            config.AuthenticationRegion = Region;
        }
        else
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(Region);
        }

        return config;
    }

    private AwsTransport Transport(AwsServiceDefinition service) =>
        new(service, EndpointFor(service), Region, GetCredentialsAsync, _http, _options.Retry, _options.OnRetry, TimeProvider.System);

    private async Task<ImmutableCredentials> GetCredentialsAsync(CancellationToken cancellationToken)
    {
        var credentials = await _credentials.Value.WaitAsync(cancellationToken);
        // Refreshing credentials (SSO, web identity, container, instance) renew themselves inside GetCredentialsAsync.
        return await credentials.GetCredentialsAsync();
    }

    private async Task<AWSCredentials> ResolveCredentialsAsync() =>
        _options.Credentials ?? await new DefaultAWSCredentialsIdentityResolver().ResolveIdentityAsync(null!, CancellationToken.None);

    private static string? ResolveRegionFromChain()
    {
        try
        {
            return FallbackRegionFactory.GetRegionEndpoint()?.SystemName;
        }
        catch (AmazonClientException)
        {
            // No region anywhere in the chain: Validate names the parameter.
            return null;
        }
    }
}
