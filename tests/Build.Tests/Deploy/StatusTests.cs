using Platform.FakeAws;

namespace BuildTests.Deploy;

/// <summary>
/// ./build.sh Status --env dev against the fake AWS, every value derived from the fake's state: the stack a deploy left, ECS's
/// services and tasks (the digest each task pulled from the fake ECR), alarms seeded with their state, the messages a queue holds.
/// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_Container.html (imageDigest)
/// https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_DescribeTargetHealth.html (the targets ECS registered)
/// https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_DescribeAlarms.html (AlarmNamePrefix, StateValue)
/// https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_GetQueueAttributes.html (ApproximateNumberOfMessages[NotVisible])
/// </summary>
public sealed class StatusTests
{
    const string Certificate = $"--acm-certificate-arn {DeployHarness.Certificate}";
    const string SkipBuild = "--skip Validate Compile Test ContainerBuild";
    const string Dashboard = "https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#dashboards/dashboard/dev-platform";

    /// <summary>dev deployed with tag abc1234 through the real DeployStack, its queues holding messages, the outputs Status reads.</summary>
    static async Task<DeployHarness> DeployedDevAsync()
    {
        var harness = await DeployHarness.StartAsync();
        var queue = harness.Aws.Sqs.CreateQueue("dev-platform-events");
        var dlq = harness.Aws.Sqs.CreateQueue("dev-platform-events-dlq");
        harness.Aws.CloudFormation.Script(DeployHarness.Stack, s => s
            .Output("EventsQueueUrl", queue).Output("EventsDeadLetterQueueUrl", dlq).Output("DashboardUrl", Dashboard));
        var (exitCode, output) = await harness.RunAsync($"DeployStack --env dev --tag abc1234 {Certificate} {SkipBuild}");
        Assert.True(exitCode == 0, output);
        return harness;
    }

    [Fact]
    public async Task StatusOfAHealthyEnvironmentPrintsOneScreenFromAFewCallsAndExitsZero()
    {
        // Given a deployed dev whose queue holds 3 events, one of them being consumed, an alarm that is OK and another environment's in ALARM
        await using var harness = await DeployedDevAsync();
        harness.Aws.Sqs.Send("dev-platform-events", 3);
        harness.Aws.Sqs.Receive("dev-platform-events", 1);
        harness.Aws.CloudWatch.SetAlarm("dev-platform-alb-5xx", "OK");
        harness.Aws.CloudWatch.SetAlarm("prod-platform-alb-5xx", "ALARM");
        var before = harness.Aws.RequestCount;

        // When
        var (exitCode, output) = await harness.RunAsync("Status --env dev");

        // Then
        Assert.True(exitCode == 0, output);
        Assert.Matches(@"dev: stack dev-microservices-platform UPDATE_COMPLETE, last change \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ", output);
        foreach (var service in DeployHarness.Services)
        {
            var digest = harness.Aws.Ecr.Digest($"dev/{service}", "abc1234")!;
            Assert.Matches($@"dev-{service}\s+(\d)/\1\s+0\s+COMPLETED\s+dev-{service}:\d+\s+{digest[..19]}", output);
        }

        foreach (var service in DeployHarness.Services)
            Assert.Matches($@"dev-{service} \(\S+\)\s+\S+:8080\s+healthy", output);
        OutputAssert.Contains("alarms in ALARM: none", output);
        OutputAssert.Contains("queues: dev-platform-events 2 waiting, 1 in flight; dev-platform-events-dlq 0 waiting, 0 in flight", output);
        OutputAssert.Contains($"dashboard: {Dashboard}", output);
        OutputAssert.Contains("Healthy.", output);
        // One DescribeStacks, DescribeServices, DescribeTasks and DescribeAlarms; a ListTasks and a DescribeTargetHealth per service; GetQueueAttributes per queue.
        var calls = harness.Aws.Requests.Skip(before).Select(r => r.Operation).ToList();
        Assert.Equal(14, calls.Count);
        Assert.Equal(4, calls.Count(c => c == "ListTasks"));
        Assert.Equal(4, calls.Count(c => c == "DescribeTargetHealth"));
        Assert.Equal(2, calls.Count(c => c == "GetQueueAttributes"));
    }

    [Fact]
    public async Task StatusExitsNonZeroNamingEveryProblem()
    {
        // Given a deployed dev with a service alarm in ALARM, a dead letter, a rollout that has not finished, and notification's
        // tasks answering the target group's health check with 503
        await using var harness = await DeployedDevAsync();
        harness.Aws.Ecs.ContainerBehaves($"{harness.Aws.Ecr.RegistryHost}/dev/notification-service:abc1234", FakeContainerBehaviour.FailsHealthCheck(FakeHealthCheckAnswer.Status(503)));
        harness.Aws.CloudWatch.SetAlarm("dev-billing-service-target-5xx", "ALARM", "Threshold Crossed: 3 out of the last 5 datapoints were greater than or equal to the threshold (10.0).");
        harness.Aws.Sqs.Send("dev-platform-events-dlq");
        harness.Aws.Ecs.Service(DeployHarness.Cluster, "dev-user-service")!.SlowToStabilise(100_000);
        var rollout = await harness.RunAsync("ForceRedeploy --env dev --skip --rollout-budget-seconds 1");
        Assert.True(rollout.ExitCode != 0 && rollout.Output.Contains("dev-user-service", StringComparison.Ordinal), rollout.Output);

        // When
        var (exitCode, output) = await harness.RunAsync("Status --env dev");

        // Then
        Assert.Equal(1, exitCode);
        OutputAssert.Contains("Unhealthy (4):", output);
        OutputAssert.Contains("- alarm dev-billing-service-target-5xx is in ALARM", output);
        OutputAssert.Contains("dev-billing-service-target-5xx since", output);
        OutputAssert.Contains("- dev-platform-events-dlq holds 1 dead letter(s)", output);
        Assert.Matches(@"dev-user-service\s+\d/\d\s+\d\s+IN_PROGRESS", output);
        OutputAssert.Contains("- dev-user-service: rollout IN_PROGRESS", output);
        Assert.Matches(@"- dev-notification-service \(\S+\): target \S+:8080 is unhealthy \(Health checks failed with these codes: \[503\]\)", output);
        OutputAssert.Contains("dev is unhealthy: 4 problem(s), listed above.", output);
    }

    [Fact]
    public async Task StatusOfAnEnvironmentThatWasNeverDeployedSaysSoAndExitsNonZero()
    {
        await using var harness = await DeployHarness.StartAsync();

        var (exitCode, output) = await harness.RunAsync("Status --env staging");

        Assert.Equal(1, exitCode);
        OutputAssert.Contains("staging: stack staging-microservices-platform DOES_NOT_EXIST, last change unknown", output);
        OutputAssert.Contains("- stack staging-microservices-platform is DOES_NOT_EXIST: deploy it with ./build.sh DeployStack", output);
        OutputAssert.Contains("- staging-auth-service: cluster staging-ecs-cluster does not exist", output);
        OutputAssert.DoesNotContain("   at ", output);
    }
}
