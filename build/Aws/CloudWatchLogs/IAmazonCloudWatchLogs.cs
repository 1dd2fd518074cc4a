using Amazon.CloudWatchLogs.Model;

namespace Amazon.CloudWatchLogs;

/// <summary>The subset of AWSSDK.CloudWatchLogs' IAmazonCloudWatchLogs our build calls, with the same signatures.</summary>
public interface IAmazonCloudWatchLogs : IDisposable
{
    Task<GetLogEventsResponse> GetLogEventsAsync(GetLogEventsRequest request, CancellationToken cancellationToken = default);
}
