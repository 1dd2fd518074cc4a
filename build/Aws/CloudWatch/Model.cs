using Amazon.Runtime;

namespace Amazon.CloudWatch
{
    // The SDK's string-valued enum for an alarm's state; unknown values from the service still round-trip through FindValue.
    public sealed class StateValue : ConstantClass
    {
        public static readonly StateValue ALARM = new("ALARM");
        public static readonly StateValue INSUFFICIENT_DATA = new("INSUFFICIENT_DATA");
        public static readonly StateValue OK = new("OK");

        public StateValue(string value)
            : base(value)
        {
        }

        public static StateValue FindValue(string value) => FindValue<StateValue>(value);

        public static implicit operator StateValue(string value) => FindValue(value);
    }
}

namespace Amazon.CloudWatch.Model
{
    // Shapes as in AWSSDK.CloudWatch (same names), only the members our build sends or reads.

    public class DescribeAlarmsRequest : AmazonWebServiceRequest
    {
        public string? AlarmNamePrefix { get; set; }
        public StateValue? StateValue { get; set; }
        public int? MaxRecords { get; set; }
        public string? NextToken { get; set; }
    }

    public class DescribeAlarmsResponse : AmazonWebServiceResponse
    {
        public List<MetricAlarm>? MetricAlarms { get; set; }
        public string? NextToken { get; set; }
    }

    public class MetricAlarm
    {
        public string? AlarmName { get; set; }
        public string? AlarmArn { get; set; }
        public StateValue? StateValue { get; set; }
        public string? StateReason { get; set; }
        public DateTime? StateUpdatedTimestamp { get; set; }
        public string? Namespace { get; set; }
        public string? MetricName { get; set; }
    }
}
