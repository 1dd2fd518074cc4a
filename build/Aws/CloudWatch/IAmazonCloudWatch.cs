using Amazon.CloudWatch.Model;

namespace Amazon.CloudWatch;

/// <summary>The subset of AWSSDK.CloudWatch's IAmazonCloudWatch our build calls, with the same signatures.</summary>
public interface IAmazonCloudWatch : IDisposable
{
    Task<DescribeAlarmsResponse> DescribeAlarmsAsync(DescribeAlarmsRequest request, CancellationToken cancellationToken = default);
}
