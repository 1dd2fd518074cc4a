using System.Net;

namespace Platform.Build.Aws;

/// <summary>
/// Exponential backoff with full jitter on throttling and server errors, a bounded number of attempts
/// (https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/).
/// </summary>
public sealed class AwsRetryPolicy
{
    private static readonly HashSet<string> ThrottlingCodes = new(StringComparer.Ordinal)
    {
        "Throttling", "ThrottlingException", "ThrottledException", "TooManyRequestsException",
        "RequestLimitExceeded", "RequestThrottled", "RequestThrottledException", "ProvisionedThroughputExceededException",
        "SlowDown", "BandwidthLimitExceeded", "PriorRequestNotComplete", "EC2ThrottledException",
    };

    /// <summary>Attempts in all, the first included. The SDKs' "standard" mode uses 3; deploys poll, so we allow a few more.</summary>
    public int MaxAttempts { get; init; } = 5;

    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(20);

    public static bool IsThrottlingCode(string? code) => code is not null && ThrottlingCodes.Contains(code);

    public static bool IsRetryable(AwsServiceError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return error.IsThrottling || (int)error.StatusCode >= 500 || error.StatusCode == HttpStatusCode.TooManyRequests;
    }

    /// <summary>The wait before attempt <paramref name="attempt"/> + 1 (attempt counts from 1): random in [0, min(max, base·2^(attempt-1))].</summary>
    public TimeSpan DelayAfter(int attempt)
    {
        var ceiling = Math.Min(MaxDelay.TotalMilliseconds, BaseDelay.TotalMilliseconds * Math.Pow(2, attempt - 1));
#pragma warning disable CA5394 // Jitter spreads retries apart; it needs no cryptographic randomness.
        return TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * ceiling);
#pragma warning restore CA5394
    }
}
