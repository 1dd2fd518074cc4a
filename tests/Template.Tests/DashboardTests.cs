using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Platform.Template.Tests;

/// <summary>
/// The environment's CloudWatch dashboard: each widget's metrics name a namespace, a metric and dimension pairs whose values
/// come from the stack, so each must be one CloudWatch publishes for that resource.
/// https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/CloudWatch-Dashboard-Body-Structure.html
/// https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-cloudwatch-metrics.html
/// https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Container-Insights-metrics-ECS.html
/// </summary>
public partial class DashboardTests
{
    sealed record Metric(string Widget, string Stat, string Namespace, string Name, IReadOnlyDictionary<string, string> Dimensions);

    static CfnTemplate Template => PlatformTemplate.Instance;

    static string Body => Template.Resource("Dashboard").Properties.At("DashboardBody", "Fn::Sub").AsString();

    static List<Metric> Metrics()
    {
        var widgets = JsonNode.Parse(Body)!["widgets"]!.AsArray();
        return widgets.SelectMany(w =>
        {
            var properties = w!["properties"]!;
            return properties["metrics"]!.AsArray().Select(m =>
            {
                var items = m!.AsArray();
                var names = items.Where(i => i is JsonValue).Select(i => i!.GetValue<string>()).ToList();
                var stat = items.OfType<JsonObject>().Select(o => o["stat"]?.GetValue<string>()).FirstOrDefault(s => s is not null)
                    ?? properties["stat"]!.GetValue<string>();
                var dimensions = Enumerable.Range(0, (names.Count - 2) / 2).ToDictionary(i => names[2 + (2 * i)], i => names[3 + (2 * i)]);
                return new Metric(properties["title"]!.GetValue<string>(), stat, names[0], names[1], dimensions);
            });
        }).ToList();
    }

    static IEnumerable<Metric> Of(string metricNamespace, string name) => Metrics().Where(m => m.Namespace == metricNamespace && m.Name == name);

    [Theory]
    [InlineData("RequestCount", "Sum")]
    [InlineData("HTTPCode_Target_5XX_Count", "Sum")]
    [InlineData("TargetResponseTime", "p99")]
    public void EachServiceHasItsTargetGroupsMetric(string metric, string stat)
    {
        var metrics = Of("AWS/ApplicationELB", metric).ToList();

        metrics.Select(m => m.Dimensions["TargetGroup"]).Should().BeEquivalentTo(PlatformService.All.Select(s => $"${{{s.Key}TargetGroup.TargetGroupFullName}}"));
        metrics.Should().OnlyContain(m => m.Dimensions["LoadBalancer"] == "${LoadBalancer.LoadBalancerFullName}" && m.Stat == stat && m.Dimensions.Count == 2);
        metrics.Select(m => m.Widget).Distinct().Should().ContainSingle("one widget compares the four services");
    }

    [Theory]
    [InlineData("AWS/ECS", "CPUUtilization")]
    [InlineData("AWS/ECS", "MemoryUtilization")]
    [InlineData("ECS/ContainerInsights", "RunningTaskCount")]
    [InlineData("ECS/ContainerInsights", "DesiredTaskCount")]
    public void EachServiceHasItsEcsMetricNamedAsTheServiceIs(string metricNamespace, string metric)
    {
        var metrics = Of(metricNamespace, metric).ToList();
        var serviceNames = PlatformService.All.Select(s => Template.Resource($"{s.Key}Service").Properties.At("ServiceName", "Fn::Sub").AsString());

        metrics.Select(m => m.Dimensions["ServiceName"]).Should().BeEquivalentTo(serviceNames);
        metrics.Should().OnlyContain(m => m.Dimensions["ClusterName"] == "${Cluster}" && m.Dimensions.Count == 2);
    }

    [Fact]
    public void RunningAndDesiredTasksShareAWidget()
    {
        Of("ECS/ContainerInsights", "RunningTaskCount").Concat(Of("ECS/ContainerInsights", "DesiredTaskCount"))
            .Select(m => m.Widget).Distinct().Should().ContainSingle();
    }

    [Theory]
    [InlineData("AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName", "${EventsQueue.QueueName}")]
    [InlineData("AWS/SQS", "ApproximateAgeOfOldestMessage", "QueueName", "${EventsQueue.QueueName}")]
    [InlineData("AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName", "${EventsDeadLetterQueue.QueueName}")]
    [InlineData("AWS/RDS", "CPUUtilization", "DBInstanceIdentifier", "${Database}")]
    [InlineData("AWS/RDS", "DatabaseConnections", "DBInstanceIdentifier", "${Database}")]
    [InlineData("AWS/RDS", "FreeStorageSpace", "DBInstanceIdentifier", "${Database}")]
    public void QueueAndDatabaseMetricsAreThere(string metricNamespace, string metric, string dimension, string value)
    {
        Of(metricNamespace, metric).Should().ContainSingle(m => m.Dimensions.Count == 1 && m.Dimensions[dimension] == value);
    }

    [Fact]
    public void EverySubstitutionNamesSomethingTheStackHas()
    {
        var names = Substitution().Matches(Body).Select(m => m.Groups[1].Value).Distinct().ToList();

        names.Should().NotBeEmpty();
        foreach (var name in names)
        {
            var (resource, attribute) = name.Contains('.', StringComparison.Ordinal) ? (name[..name.IndexOf('.', StringComparison.Ordinal)], name[(name.IndexOf('.', StringComparison.Ordinal) + 1)..]) : (name, null);
            var known = name.StartsWith("AWS::", StringComparison.Ordinal) || Template.Parameters.ContainsKey(name) || Template.Resources.ContainsKey(resource);
            known.Should().BeTrue($"${{{name}}} must be a parameter, a pseudo parameter or a resource");
            if (attribute is not null)
                Template.Resources[resource].Condition.Should().BeNull($"{name}: the dashboard must not depend on a resource that phase 1 lacks");
        }
    }

    [Fact]
    public void WidgetsFitTheGridWithoutOverlapping()
    {
        var cells = new HashSet<(int, int)>();
        foreach (var widget in JsonNode.Parse(Body)!["widgets"]!.AsArray())
        {
            int x = widget!["x"]!.GetValue<int>(), y = widget["y"]!.GetValue<int>(), width = widget["width"]!.GetValue<int>(), height = widget["height"]!.GetValue<int>();
            (x + width).Should().BeLessThanOrEqualTo(24, "the dashboard grid is 24 columns");
            for (var column = x; column < x + width; column++)
                for (var row = y; row < y + height; row++)
                    cells.Add((column, row)).Should().BeTrue($"widget '{widget["properties"]!["title"]}' overlaps another at {column},{row}");
        }
    }

    [Fact]
    public void TheStackOutputsTheDashboardsUrl()
    {
        var output = Template.Outputs.At("DashboardUrl").AsMap();

        output.At("Value", "Fn::Sub").AsString().Should().StartWith("https://${AWS::Region}.console.aws.amazon.com/cloudwatch/")
            .And.EndWith("${Dashboard}");
        Template.Resource("Dashboard").Properties.At("DashboardName", "Fn::Sub").Should().Be("${EnvironmentName}-platform");
    }

    [GeneratedRegex(@"\$\{([^}!]+)\}")]
    private static partial Regex Substitution();
}
