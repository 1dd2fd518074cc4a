namespace Platform.Template.Tests;

/// <summary>
/// The alarms that page when a service answers 5XX itself or events stop flowing, beside the platform's existing ones.
/// https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-cloudwatch-metrics.html (HTTPCode_Target_5XX_Count, TargetGroup + LoadBalancer)
/// https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-available-cloudwatch-metrics.html (ApproximateAgeOfOldestMessage)
/// </summary>
public class ObservabilityAlarmTests
{
    static CfnTemplate Template => PlatformTemplate.Instance;

    static Dictionary<string, object?> Dimensions(CfnResource alarm) =>
        alarm.Properties.At("Dimensions").AsList().Select(d => d.AsMap()).ToDictionary(d => d.At("Name").AsString(), d => d.At("Value"));

    [Theory]
    [MemberData(nameof(PlatformService.Keys), MemberType = typeof(PlatformService))]
    public void EachServiceHasATarget5xxAlarmOnItsOwnTargetGroup(string key)
    {
        var alarm = Template.Resource($"{key}Target5xxAlarm");
        var dimensions = Dimensions(alarm);

        alarm.Condition.Should().BeNull("the target group exists from phase 1");
        alarm.Properties.At("Namespace").Should().Be("AWS/ApplicationELB");
        alarm.Properties.At("MetricName").Should().Be("HTTPCode_Target_5XX_Count");
        alarm.Properties.At("Statistic").Should().Be("Sum");
        alarm.Properties.At("TreatMissingData").Should().Be("notBreaching", "no requests is no 5XX");
        alarm.Properties.At("AlarmName", "Fn::Sub").Should().Be($"${{EnvironmentName}}-{PlatformService.ByKey(key).Name}-target-5xx");
        dimensions.Keys.Should().BeEquivalentTo("TargetGroup", "LoadBalancer");
        Cfn.GetAttTarget(dimensions["TargetGroup"]).Should().Be(($"{key}TargetGroup", "TargetGroupFullName"));
        Cfn.GetAttTarget(dimensions["LoadBalancer"]).Should().Be(("LoadBalancer", "LoadBalancerFullName"));
    }

    [Fact]
    public void EventsQueueAgeAlarmWatchesTheOldestMessageOfTheEventsQueue()
    {
        var alarm = Template.Resource("EventsAgeAlarm");
        var threshold = int.Parse(alarm.Properties.At("Threshold").AsString(), System.Globalization.CultureInfo.InvariantCulture);
        var visibility = int.Parse(Template.Resource("EventsQueue").Properties.At("VisibilityTimeout").AsString(), System.Globalization.CultureInfo.InvariantCulture);
        var receives = int.Parse(Template.Resource("EventsQueue").Properties.At("RedrivePolicy", "maxReceiveCount").AsString(), System.Globalization.CultureInfo.InvariantCulture);

        alarm.Properties.At("Namespace").Should().Be("AWS/SQS");
        alarm.Properties.At("MetricName").Should().Be("ApproximateAgeOfOldestMessage");
        alarm.Properties.At("Statistic").Should().Be("Maximum");
        alarm.Properties.At("ComparisonOperator").Should().Be("GreaterThanThreshold");
        Cfn.GetAttTarget(Dimensions(alarm)["QueueName"]).Should().Be(("EventsQueue", "QueueName"));
        threshold.Should().BeGreaterThan(visibility * receives, "a poison message reaches the DLQ (its own alarm) before this one fires");
    }

    [Fact]
    public void TheAlarmsAreTheExistingOnesPlusTheNewOnes()
    {
        string[] existing = ["Alb5xxAlarm", "DeadLetterQueueAlarm", "DatabaseCpuAlarm", "DatabaseStorageAlarm", .. PlatformService.All.Select(s => $"{s.Key}CpuAlarm")];
        string[] added = ["EventsAgeAlarm", .. PlatformService.All.Select(s => $"{s.Key}Target5xxAlarm")];

        Template.OfType("AWS::CloudWatch::Alarm").Select(a => a.LogicalId).Should().BeEquivalentTo(existing.Concat(added));
    }
}
