using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Platform.ServiceDefaults.Configuration;

/// <summary>The events queue and how to reach SQS.</summary>
public sealed class SqsOptions
{
    public string? QueueUrl { get; set; }

    public string? Region { get; set; }

    /// <summary>AWS_ENDPOINT_URL_SQS, else AWS_ENDPOINT_URL: the SDK's standard overrides, used for emulators.</summary>
    public string? EndpointUrl { get; set; }

    internal string EndpointVariable { get; set; } = EnvironmentVariables.AwsEndpointUrlSqs;

    internal static void Bind(SqsOptions options, IConfiguration configuration)
    {
        options.QueueUrl = configuration[EnvironmentVariables.SqsQueueUrl];
        options.Region = configuration[EnvironmentVariables.AwsRegion];
        var sqsEndpoint = configuration[EnvironmentVariables.AwsEndpointUrlSqs];
        if (string.IsNullOrWhiteSpace(sqsEndpoint))
        {
            options.EndpointUrl = configuration[EnvironmentVariables.AwsEndpointUrl];
            options.EndpointVariable = EnvironmentVariables.AwsEndpointUrl;
        }
        else
        {
            options.EndpointUrl = sqsEndpoint;
        }
    }
}

internal sealed class SqsOptionsValidator : IValidateOptions<SqsOptions>
{
    public ValidateOptionsResult Validate(string? name, SqsOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.QueueUrl))
        {
            failures.Add($"{EnvironmentVariables.SqsQueueUrl} is required");
        }
        else if (!IsHttpUrl(options.QueueUrl))
        {
            failures.Add($"{EnvironmentVariables.SqsQueueUrl} must be an absolute http(s) URL (got '{options.QueueUrl}')");
        }

        if (string.IsNullOrWhiteSpace(options.Region))
        {
            failures.Add($"{EnvironmentVariables.AwsRegion} is required");
        }
        else if (!LooksLikeRegion(options.Region))
        {
            // New regions appear all the time: reject only what cannot be a region name at all.
            failures.Add($"{EnvironmentVariables.AwsRegion} is not a region name (got '{options.Region}')");
        }

        if (!string.IsNullOrWhiteSpace(options.EndpointUrl) && !IsHttpUrl(options.EndpointUrl))
        {
            failures.Add($"{options.EndpointVariable} must be an absolute http(s) URL (got '{options.EndpointUrl}')");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool IsHttpUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    private static bool LooksLikeRegion(string value) =>
        value.Length is > 3 and < 32 && value.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-');
}
