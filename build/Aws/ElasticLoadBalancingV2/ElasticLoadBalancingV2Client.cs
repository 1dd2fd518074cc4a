using System.Globalization;
using System.Xml.Linq;
using Amazon.ElasticLoadBalancingV2;
using Amazon.ElasticLoadBalancingV2.Model;

namespace Platform.Build.Aws;

/// <summary>Elastic Load Balancing v2 over the Query protocol (API version 2015-12-01): the documented parameter names and
/// result elements of DescribeTargetGroups and DescribeTargetHealth, nothing else.
/// https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/Welcome.html</summary>
internal sealed class ElasticLoadBalancingV2Client(AwsTransport transport) : IAmazonElasticLoadBalancingV2
{
    private readonly QueryProtocol _query = new(transport, "2015-12-01");

    public Task<DescribeTargetGroupsResponse> DescribeTargetGroupsAsync(DescribeTargetGroupsRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var parameters = new QueryWriter()
            .Add("LoadBalancerArn", request.LoadBalancerArn)
            .AddList("TargetGroupArns", request.TargetGroupArns)
            .AddList("Names", request.Names)
            .Add("Marker", request.Marker)
            .Add("PageSize", request.PageSize?.ToString(CultureInfo.InvariantCulture));
        return _query.CallAsync(
            "DescribeTargetGroups", parameters,
            result => new DescribeTargetGroupsResponse { TargetGroups = result.Members("TargetGroups", ReadTargetGroup), NextMarker = result.Child("NextMarker") },
            cancellationToken);
    }

    public Task<DescribeTargetHealthResponse> DescribeTargetHealthAsync(DescribeTargetHealthRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var parameters = new QueryWriter()
            .Add("TargetGroupArn", request.TargetGroupArn)
            .AddMembers("Targets", request.Targets, (w, prefix, target) => w
                .Add(prefix + "Id", target.Id)
                .Add(prefix + "Port", target.Port?.ToString(CultureInfo.InvariantCulture))
                .Add(prefix + "AvailabilityZone", target.AvailabilityZone));
        return _query.CallAsync(
            "DescribeTargetHealth", parameters,
            result => new DescribeTargetHealthResponse { TargetHealthDescriptions = result.Members("TargetHealthDescriptions", ReadTargetHealthDescription) },
            cancellationToken);
    }

    public void Dispose()
    {
        // The HttpClient is shared and owned by the factory.
    }

    private static TargetGroup ReadTargetGroup(XElement g) => new()
    {
        TargetGroupArn = g.Child("TargetGroupArn"),
        TargetGroupName = g.Child("TargetGroupName"),
        Protocol = g.Child("Protocol"),
        Port = Int(g.Child("Port")),
        VpcId = g.Child("VpcId"),
        TargetType = g.Child("TargetType"),
        HealthCheckProtocol = g.Child("HealthCheckProtocol"),
        HealthCheckPort = g.Child("HealthCheckPort"),
        HealthCheckPath = g.Child("HealthCheckPath"),
        HealthCheckIntervalSeconds = Int(g.Child("HealthCheckIntervalSeconds")),
        HealthCheckTimeoutSeconds = Int(g.Child("HealthCheckTimeoutSeconds")),
        HealthyThresholdCount = Int(g.Child("HealthyThresholdCount")),
        UnhealthyThresholdCount = Int(g.Child("UnhealthyThresholdCount")),
        Matcher = g.Elements().FirstOrDefault(e => e.Name.LocalName == "Matcher") is { } m ? new Matcher { HttpCode = m.Child("HttpCode") } : null,
        LoadBalancerArns = g.MemberStrings("LoadBalancerArns"),
    };

    private static TargetHealthDescription ReadTargetHealthDescription(XElement d) => new()
    {
        Target = d.Elements().FirstOrDefault(e => e.Name.LocalName == "Target") is { } t
            ? new TargetDescription { Id = t.Child("Id"), Port = Int(t.Child("Port")), AvailabilityZone = t.Child("AvailabilityZone") }
            : null,
        HealthCheckPort = d.Child("HealthCheckPort"),
        TargetHealth = d.Elements().FirstOrDefault(e => e.Name.LocalName == "TargetHealth") is { } h
            ? new TargetHealth
            {
                State = h.Child("State") is { } state ? TargetHealthStateEnum.FindValue(state) : null,
                Reason = h.Child("Reason") is { } reason ? TargetHealthReasonEnum.FindValue(reason) : null,
                Description = h.Child("Description"),
            }
            : null,
    };

    private static int? Int(string? value) => int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) ? number : null;
}
