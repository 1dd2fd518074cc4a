using System.Xml.Linq;
using Amazon.CloudWatch;
using Amazon.CloudWatch.Model;

namespace Platform.Build.Aws;

/// <summary>
/// CloudWatch over the Query protocol (API version 2010-08-01, signing name "monitoring"). DescribeAlarms writes the documented
/// parameters and reads MetricAlarms/member; composite alarms are not asked for (AlarmTypes defaults to metric alarms).
/// https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_DescribeAlarms.html
/// </summary>
internal sealed class CloudWatchClient(AwsTransport transport) : IAmazonCloudWatch
{
    private readonly QueryProtocol _query = new(transport, "2010-08-01");

    public Task<DescribeAlarmsResponse> DescribeAlarmsAsync(DescribeAlarmsRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var parameters = new QueryWriter()
            .Add("AlarmNamePrefix", request.AlarmNamePrefix)
            .Add("StateValue", request.StateValue?.Value)
            .Add("MaxRecords", request.MaxRecords?.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Add("NextToken", request.NextToken);
        return _query.CallAsync(
            "DescribeAlarms", parameters,
            result => new DescribeAlarmsResponse { MetricAlarms = result.Members("MetricAlarms", ReadAlarm), NextToken = result.Child("NextToken") },
            cancellationToken);
    }

    public void Dispose()
    {
        // The HttpClient is shared and owned by the factory.
    }

    private static MetricAlarm ReadAlarm(XElement alarm) => new()
    {
        AlarmName = alarm.Child("AlarmName"),
        AlarmArn = alarm.Child("AlarmArn"),
        StateValue = alarm.Child("StateValue") is { } state ? StateValue.FindValue(state) : null,
        StateReason = alarm.Child("StateReason"),
        StateUpdatedTimestamp = alarm.ChildTime("StateUpdatedTimestamp"),
        Namespace = alarm.Child("Namespace"),
        MetricName = alarm.Child("MetricName"),
    };
}
