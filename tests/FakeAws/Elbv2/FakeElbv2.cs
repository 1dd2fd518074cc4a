using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using static Platform.FakeAws.QueryWire;

namespace Platform.FakeAws;

/// <summary>
/// Elastic Load Balancing v2 (Query protocol, 2015-12-01): load balancers, listeners and target groups, made by a stack or by a
/// test. Targets are not registered by hand: ECS registers each running task of a service whose LoadBalancers name the target
/// group, and their health comes from the task's container (<see cref="FakeEcs.ContainerBehaves"/>).
/// https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_DescribeTargetGroups.html
/// https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_DescribeTargetHealth.html
/// </summary>
public sealed class FakeElbv2
{
    internal const string Xmlns = "http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/";

    private readonly FakeAwsOptions _options;
    private readonly Lock _gate;
    private readonly FakeEcs _ecs;
    private readonly Dictionary<string, string> _loadBalancers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _listeners = new(StringComparer.Ordinal);
    private readonly List<FakeTargetGroup> _targetGroups = [];

    internal FakeElbv2(FakeAwsOptions options, Lock gate, FakeEcs ecs)
    {
        _options = options;
        _gate = gate;
        _ecs = ecs;
    }

    public int TargetGroupsPageSize { get; set; } = 400;

    /// <summary>An application load balancer; returns its ARN.</summary>
    public string AddLoadBalancer(string name)
    {
        lock (_gate)
        {
            var arn = Arn($"loadbalancer/app/{name}/{Id(name)}");
            _loadBalancers[arn] = name;
            return arn;
        }
    }

    /// <summary>A target group; with <paramref name="loadBalancerArn"/> it is behind that load balancer. Returns its ARN.</summary>
    public string AddTargetGroup(string name, int port = 8080, string healthCheckPath = "/", string? loadBalancerArn = null)
    {
        lock (_gate)
        {
            // Target group names are at most 32 characters; CloudFormation makes one up from the stack and logical id.
            var shortName = name.Length <= 32 ? name : name[..23] + "-" + Id(name)[..8];
            var group = _targetGroups.FirstOrDefault(g => g.Name == shortName);
            if (group is null)
            {
                group = new FakeTargetGroup(Arn($"targetgroup/{shortName}/{Id(shortName)}"), shortName, port, healthCheckPath);
                _targetGroups.Add(group);
            }

            if (loadBalancerArn is not null)
            {
                group.LoadBalancerArns.Add(loadBalancerArn);
            }

            return group.Arn;
        }
    }

    internal string AddListener(string loadBalancerArn)
    {
        var arn = loadBalancerArn.Replace(":loadbalancer/", ":listener/", StringComparison.Ordinal) + "/" + Id(Guid.NewGuid().ToString())[..16];
        _listeners[arn] = loadBalancerArn;
        return arn;
    }

    /// <summary>A listener rule forwards to the target group: it is now behind the listener's load balancer.</summary>
    internal void Forward(string listenerArn, string targetGroupArn)
    {
        if (_listeners.TryGetValue(listenerArn, out var loadBalancer) && _targetGroups.FirstOrDefault(g => g.Arn == targetGroupArn) is { } group)
        {
            group.LoadBalancerArns.Add(loadBalancer);
        }
    }

    internal object?[] Handle(string operation, Dictionary<string, string> form) => operation switch
    {
        "DescribeTargetGroups" => DescribeTargetGroups(form),
        "DescribeTargetHealth" => DescribeTargetHealth(form),
        _ => throw new FakeAwsException("InvalidAction", $"Could not find operation {operation} for version 2015-12-01"),
    };

    private object?[] DescribeTargetGroups(Dictionary<string, string> form)
    {
        var loadBalancer = form.GetValueOrDefault("LoadBalancerArn");
        var arns = Members(form, "TargetGroupArns");
        var names = Members(form, "Names");
        if ((loadBalancer is not null ? 1 : 0) + (arns.Count > 0 ? 1 : 0) + (names.Count > 0 ? 1 : 0) > 1)
        {
            throw FakeAwsException.Validation("Only one of LoadBalancerArn, TargetGroupArns or Names can be specified.");
        }

        IEnumerable<FakeTargetGroup> groups = _targetGroups;
        if (loadBalancer is not null)
        {
            if (!_loadBalancers.ContainsKey(loadBalancer))
            {
                throw new FakeAwsException("LoadBalancerNotFound", $"Load balancer '{loadBalancer}' not found");
            }

            groups = groups.Where(g => g.LoadBalancerArns.Contains(loadBalancer));
        }
        else if (arns.Count > 0 || names.Count > 0)
        {
            var wanted = arns.Count > 0 ? arns : names;
            var found = wanted.Select(w => _targetGroups.FirstOrDefault(g => g.Arn == w || g.Name == w)).ToList();
            if (found.IndexOf(null) is var missing and >= 0)
            {
                throw new FakeAwsException("TargetGroupNotFound", $"One or more target groups not found: '{wanted[missing]}'");
            }

            groups = found!;
        }

        var pageSize = form.GetValueOrDefault("PageSize") is { } size ? int.Parse(size, CultureInfo.InvariantCulture) : 400;
        if (pageSize is < 1 or > 400)
        {
            throw FakeAwsException.Validation($"1 validation error detected: Value '{pageSize}' at 'pageSize' failed to satisfy constraint: Member must have value less than or equal to 400");
        }

        var all = groups.ToList();
        var start = JsonWire.FromToken(form.GetValueOrDefault("Marker"), "ValidationError");
        var page = all.Skip(start).Take(Math.Min(pageSize, TargetGroupsPageSize)).ToList();
        return
        [
            QueryWire.Members("TargetGroups", page, g => [
                E("TargetGroupArn", g.Arn),
                E("TargetGroupName", g.Name),
                E("Protocol", "HTTP"),
                E("Port", g.Port),
                E("VpcId", "vpc-0fake0000000000001"),
                E("HealthCheckProtocol", "HTTP"),
                E("HealthCheckPort", "traffic-port"),
                E("HealthCheckEnabled", true),
                E("HealthCheckIntervalSeconds", 10),
                E("HealthCheckTimeoutSeconds", 5),
                E("HealthyThresholdCount", 2),
                E("UnhealthyThresholdCount", 2),
                E("HealthCheckPath", g.HealthCheckPath),
                new System.Xml.Linq.XElement("Matcher", E("HttpCode", "200")),
                QueryWire.Members("LoadBalancerArns", g.LoadBalancerArns, arn => [arn]),
                E("TargetType", "ip"),
            ]),
            start + page.Count < all.Count ? E("NextMarker", JsonWire.Token(start + page.Count)) : null,
        ];
    }

    private object?[] DescribeTargetHealth(Dictionary<string, string> form)
    {
        var arn = form.GetValueOrDefault("TargetGroupArn")
            ?? throw FakeAwsException.Validation("1 validation error detected: Value null at 'targetGroupArn' failed to satisfy constraint: Member must not be null");
        var group = _targetGroups.FirstOrDefault(g => g.Arn == arn)
            ?? throw new FakeAwsException("TargetGroupNotFound", $"Target groups '{arn}' not found");
        var targets = _ecs.Targets(group.Arn, group.Port).ToList();
        var asked = Enumerable.Range(1, 100).Select(i => form.GetValueOrDefault($"Targets.member.{i}.Id")).TakeWhile(id => id is not null).ToList();
        if (asked.Count > 0)
        {
            // A target that is not registered is reported as unused, Target.NotRegistered.
            targets = asked.Select(id => targets.FirstOrDefault(t => t.Id == id)
                ?? new FakeTarget(id!, group.Port, "unused", "Target.NotRegistered", "Target is not registered to the target group")).ToList();
        }

        return
        [
            QueryWire.Members("TargetHealthDescriptions", targets, t => [
                new System.Xml.Linq.XElement("Target", E("Id", t.Id), E("Port", t.Port), E("AvailabilityZone", _options.Region + "a")),
                E("HealthCheckPort", t.Port.ToString(CultureInfo.InvariantCulture)),
                new System.Xml.Linq.XElement("TargetHealth", E("State", t.State), E("Reason", t.Reason), E("Description", t.Description)),
            ]),
        ];
    }

    private static List<string> Members(Dictionary<string, string> form, string name) =>
        Enumerable.Range(1, 100).Select(i => form.GetValueOrDefault($"{name}.member.{i}")).TakeWhile(v => v is not null).Select(v => v!).ToList();

    private static string Id(string seed) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(seed)))[..16];

    private string Arn(string resource) => $"arn:aws:elasticloadbalancing:{_options.Region}:{_options.AccountId}:{resource}";

    private sealed class FakeTargetGroup(string arn, string name, int port, string healthCheckPath)
    {
        public string Arn { get; } = arn;
        public string Name { get; } = name;
        public int Port { get; } = port;
        public string HealthCheckPath { get; } = healthCheckPath;
        public HashSet<string> LoadBalancerArns { get; } = new(StringComparer.Ordinal);
    }
}
