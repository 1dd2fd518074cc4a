namespace Platform.Template.Tests;

public class DataAndAlarmTests
{
    static CfnTemplate Template => PlatformTemplate.Instance;

    [Fact]
    public void DatabaseManagesItsPasswordKeepsBackupsAndIsHardenedInProd()
    {
        var database = Template.OfType("AWS::RDS::DBInstance").Single();

        database.Properties.At("Engine").Should().Be("postgres");
        database.Properties.At("ManageMasterUserPassword").Should().Be("true");
        database.Properties.Should().NotContainKey("MasterUserPassword");
        int.Parse(database.Properties.At("BackupRetentionPeriod").AsString(), System.Globalization.CultureInfo.InvariantCulture).Should().BeGreaterThanOrEqualTo(7);
        Cfn.IfBranches(database.Properties.At("MultiAZ")).Should().Be(("IsProd", (object?)"true", (object?)"false"));
        Cfn.IfBranches(database.Properties.At("DeletionProtection")).Should().Be(("IsProd", (object?)"true", (object?)"false"));
        database.Definition.At("DeletionPolicy").Should().Be("Snapshot");
    }

    [Fact]
    public void EventsQueueMovesPoisonMessagesToARedriveRestrictedDlq()
    {
        var queue = Template.Resource("EventsQueue").Properties;
        var dlq = Template.Resource("EventsDeadLetterQueue").Properties;

        queue.At("QueueName", "Fn::Sub").Should().Be("${EnvironmentName}-platform-events");
        dlq.At("QueueName", "Fn::Sub").Should().Be("${EnvironmentName}-platform-events-dlq");
        Cfn.GetAttTarget(queue.At("RedrivePolicy", "deadLetterTargetArn")).Should().Be(("EventsDeadLetterQueue", "Arn"));
        queue.At("RedrivePolicy", "maxReceiveCount").Should().Be("5");
        dlq.At("RedriveAllowPolicy", "redrivePermission").Should().Be("byQueue");
        // The source ARN is built from the queue's name (a reference would be circular); it must match that name.
        dlq.At("RedriveAllowPolicy", "sourceQueueArns").AsList().Single().AsMap().At("Fn::Sub").Should()
            .Be("arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:${EnvironmentName}-platform-events");
    }

    [Fact]
    public void EveryAlarmNotifiesTheAlarmTopic()
    {
        var alarms = Template.OfType("AWS::CloudWatch::Alarm");

        alarms.Should().NotBeEmpty();
        foreach (var alarm in alarms)
            (alarm.Properties.At("AlarmActions") as IReadOnlyList<object?>).Should().NotBeNullOrEmpty(alarm.LogicalId)
                .And.OnlyContain(x => Cfn.RefTarget(x) == "AlarmTopic", alarm.LogicalId);
        var subscription = Template.OfType("AWS::SNS::Subscription").Should().ContainSingle().Subject;
        subscription.Condition.Should().Be("HasAlarmEmail");
    }

    [Theory]
    [InlineData("AWS/ApplicationELB", "HTTPCode_ELB_5XX_Count", "LoadBalancer")]
    [InlineData("AWS/SQS", "ApproximateNumberOfMessagesVisible", "EventsDeadLetterQueue")]
    [InlineData("AWS/RDS", "CPUUtilization", "Database")]
    [InlineData("AWS/RDS", "FreeStorageSpace", "Database")]
    public void PlatformAlarmWatches(string metricNamespace, string metric, string resource)
    {
        Template.OfType("AWS::CloudWatch::Alarm").Should().ContainSingle(a =>
            a.Properties.At("Namespace") as string == metricNamespace && a.Properties.At("MetricName") as string == metric
            && Cfn.ReferencedResource(a.Properties.At("Dimensions").AsList().Single().AsMap().At("Value")) == resource);
    }

    [Fact]
    public void DeadLetterQueueAlarmFiresOnTheFirstMessage()
    {
        var alarm = Template.Resource("DeadLetterQueueAlarm").Properties;

        alarm.At("Threshold").Should().Be("0");
        alarm.At("ComparisonOperator").Should().Be("GreaterThanThreshold");
    }
}
