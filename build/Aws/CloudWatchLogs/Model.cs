using Amazon.Runtime;

namespace Amazon.CloudWatchLogs.Model;

// Shapes as in AWSSDK.CloudWatchLogs (same names and property names), only the members our build reads or sends.
// Timestamps here are epoch milliseconds, as CloudWatch Logs sends them (not the epoch seconds of ECS).
// https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_GetLogEvents.html

public class GetLogEventsRequest : AmazonWebServiceRequest
{
    public string? LogGroupName { get; set; }
    public string? LogStreamName { get; set; }
    public int? Limit { get; set; }
    public bool? StartFromHead { get; set; }
    public string? NextToken { get; set; }
}

public class OutputLogEvent
{
    public long? Timestamp { get; set; }
    public string? Message { get; set; }
    public long? IngestionTime { get; set; }
}

public class GetLogEventsResponse : AmazonWebServiceResponse
{
    public List<OutputLogEvent>? Events { get; set; }
    public string? NextForwardToken { get; set; }
    public string? NextBackwardToken { get; set; }
}
