using Amazon.CloudWatchLogs;
using Amazon.CloudWatchLogs.Model;

namespace Platform.Build.Aws;

/// <summary>CloudWatch Logs over JSON 1.1 (target prefix Logs_20140328).</summary>
internal sealed class CloudWatchLogsClient(AwsTransport transport) : IAmazonCloudWatchLogs
{
    private readonly JsonProtocol _json = new(transport, "Logs_20140328");

    public Task<GetLogEventsResponse> GetLogEventsAsync(GetLogEventsRequest request, CancellationToken cancellationToken = default) =>
        _json.CallAsync<GetLogEventsRequest, GetLogEventsResponse>("GetLogEvents", request, cancellationToken);

    public void Dispose()
    {
        // The HttpClient is shared and owned by the factory.
    }
}
