using Amazon.Runtime;

namespace Amazon.ElasticLoadBalancingV2.Model;

// Shapes as in AWSSDK.ElasticLoadBalancingV2 (same names and property names), only the members our build reads or sends.
// https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_DescribeTargetGroups.html
// https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_DescribeTargetHealth.html

public class TargetGroup
{
    public string? TargetGroupArn { get; set; }
    public string? TargetGroupName { get; set; }
    public string? Protocol { get; set; }
    public int? Port { get; set; }
    public string? VpcId { get; set; }
    public string? TargetType { get; set; }
    public string? HealthCheckProtocol { get; set; }
    public string? HealthCheckPort { get; set; }
    public string? HealthCheckPath { get; set; }
    public int? HealthCheckIntervalSeconds { get; set; }
    public int? HealthCheckTimeoutSeconds { get; set; }
    public int? HealthyThresholdCount { get; set; }
    public int? UnhealthyThresholdCount { get; set; }
    public Matcher? Matcher { get; set; }
    public List<string>? LoadBalancerArns { get; set; }
}

public class Matcher
{
    public string? HttpCode { get; set; }
}

public class TargetDescription
{
    public string? Id { get; set; }
    public int? Port { get; set; }
    public string? AvailabilityZone { get; set; }
}

public class TargetHealth
{
    public TargetHealthStateEnum? State { get; set; }
    public TargetHealthReasonEnum? Reason { get; set; }
    public string? Description { get; set; }
}

public class TargetHealthDescription
{
    public TargetDescription? Target { get; set; }
    public string? HealthCheckPort { get; set; }
    public TargetHealth? TargetHealth { get; set; }
}

public class DescribeTargetGroupsRequest : AmazonWebServiceRequest
{
    public string? LoadBalancerArn { get; set; }
    public List<string>? TargetGroupArns { get; set; }
    public List<string>? Names { get; set; }
    public string? Marker { get; set; }
    public int? PageSize { get; set; }
}

public class DescribeTargetGroupsResponse : AmazonWebServiceResponse
{
    public List<TargetGroup>? TargetGroups { get; set; }
    public string? NextMarker { get; set; }
}

public class DescribeTargetHealthRequest : AmazonWebServiceRequest
{
    public string? TargetGroupArn { get; set; }
    public List<TargetDescription>? Targets { get; set; }
}

public class DescribeTargetHealthResponse : AmazonWebServiceResponse
{
    public List<TargetHealthDescription>? TargetHealthDescriptions { get; set; }
}
