using Amazon.Runtime;

namespace Platform.Build.Aws;

/// <summary>How the clients find credentials, region and endpoints. Every property is optional; the defaults are the SDK's chains.</summary>
public sealed class AwsClientOptions
{
    /// <summary>The region; null resolves it like the SDK (AWS_REGION, AWS_DEFAULT_REGION, profile, instance metadata).</summary>
    public string? Region { get; init; }

    /// <summary>Credentials; null resolves them lazily, on the first call, through the SDK's default chain
    /// (environment, profiles including SSO, web identity, container and instance roles).</summary>
    public AWSCredentials? Credentials { get; init; }

    /// <summary>Reads environment variables (endpoint overrides). Tests pass a dictionary instead of mutating the process.</summary>
    public Func<string, string?> Environment { get; init; } = System.Environment.GetEnvironmentVariable;

    public AwsRetryPolicy Retry { get; init; } = new();

    /// <summary>Told about every retry (service, operation, attempt, error, delay), so a build can show "throttled, retrying".
    /// It never receives credentials or request headers.</summary>
    public Action<AwsRetryEvent>? OnRetry { get; init; }

    /// <summary>Replaces the HTTP handler (tests); null uses a shared <see cref="SocketsHttpHandler"/>.</summary>
    public HttpMessageHandler? HttpHandler { get; init; }

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(100);
}

public sealed record AwsRetryEvent(string Service, string Operation, int Attempt, int MaxAttempts, string Reason, TimeSpan Delay);
