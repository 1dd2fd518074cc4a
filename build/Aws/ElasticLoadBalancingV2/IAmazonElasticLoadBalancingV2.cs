using Amazon.ElasticLoadBalancingV2.Model;

namespace Amazon.ElasticLoadBalancingV2;

/// <summary>The subset of AWSSDK.ElasticLoadBalancingV2's IAmazonElasticLoadBalancingV2 our build calls, with the same signatures.</summary>
public interface IAmazonElasticLoadBalancingV2 : IDisposable
{
    Task<DescribeTargetGroupsResponse> DescribeTargetGroupsAsync(DescribeTargetGroupsRequest request, CancellationToken cancellationToken = default);

    Task<DescribeTargetHealthResponse> DescribeTargetHealthAsync(DescribeTargetHealthRequest request, CancellationToken cancellationToken = default);
}
