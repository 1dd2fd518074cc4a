namespace Platform.Build.Aws;

/// <summary>
/// Where a service's requests go, following the SDKs' documented precedence:
/// AWS_ENDPOINT_URL_&lt;SERVICE&gt;, then AWS_ENDPOINT_URL, then the regional endpoint of the region's partition.
/// AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true turns the overrides off, as in the SDKs.
/// See https://docs.aws.amazon.com/sdkref/latest/guide/feature-ss-endpoints.html
/// </summary>
public static class AwsEndpoints
{
    public static Uri Resolve(AwsServiceDefinition service, string region, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(service);
        return Override(service, environment) ?? new Uri($"https://{service.EndpointPrefix}.{region}.{AwsRegion.DnsSuffix(region)}");
    }

    /// <summary>The configured override for the service, or null when the regional endpoint applies.</summary>
    public static Uri? Override(AwsServiceDefinition service, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(environment);
        if (string.Equals(environment("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"), "true", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        foreach (var variable in new[] { "AWS_ENDPOINT_URL_" + service.EnvironmentId, "AWS_ENDPOINT_URL" })
        {
            var value = environment(variable);
            if (string.IsNullOrWhiteSpace(value))
            {
                continue;
            }

            if (!Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                throw new ArgumentException($"{variable} '{value}' is not an absolute http(s) URL.", variable);
            }

            return uri;
        }

        return null;
    }
}

/// <summary>The few facts about a service the transport needs.</summary>
/// <param name="DisplayName">How error messages name it ("CloudFormation").</param>
/// <param name="SigningName">The SigV4 credential-scope service ("cloudformation", "ecr").</param>
/// <param name="EndpointPrefix">The host label of its regional endpoint ("api.ecr" for ECR).</param>
/// <param name="EnvironmentId">The suffix of its endpoint variable (AWS_ENDPOINT_URL_ECR).</param>
public sealed record AwsServiceDefinition(string DisplayName, string SigningName, string EndpointPrefix, string EnvironmentId)
{
    public static readonly AwsServiceDefinition CloudFormation = new("CloudFormation", "cloudformation", "cloudformation", "CLOUDFORMATION");
    public static readonly AwsServiceDefinition Ecs = new("ECS", "ecs", "ecs", "ECS");
    public static readonly AwsServiceDefinition Ecr = new("ECR", "ecr", "api.ecr", "ECR");
    public static readonly AwsServiceDefinition Sts = new("STS", "sts", "sts", "STS");
    public static readonly AwsServiceDefinition S3 = new("S3", "s3", "s3", "S3");
    public static readonly AwsServiceDefinition Acm = new("ACM", "acm", "acm", "ACM");
    public static readonly AwsServiceDefinition CloudWatchLogs = new("CloudWatch Logs", "logs", "logs", "CLOUDWATCH_LOGS");
    public static readonly AwsServiceDefinition CloudWatch = new("CloudWatch", "monitoring", "monitoring", "CLOUDWATCH");
    public static readonly AwsServiceDefinition Sqs = new("SQS", "sqs", "sqs", "SQS");
    public static readonly AwsServiceDefinition ElasticLoadBalancingV2 = new("Elastic Load Balancing v2", "elasticloadbalancing", "elasticloadbalancing", "ELASTIC_LOAD_BALANCING_V2");
}
