using System.Globalization;

namespace Platform.Template.Tests;

/// <summary>
/// Every task runs the AWS Distro for OpenTelemetry collector beside its service: OTLP in on localhost, traces to X-Ray,
/// metrics to CloudWatch as EMF, with its own encrypted log group and only the permissions those two exporters use.
/// https://aws-otel.github.io/docs/setup/ecs (sidecar, AOT_CONFIG_CONTENT from Parameter Store)
/// https://docs.aws.amazon.com/xray/latest/devguide/security_iam_service-with-iam.html (no resource-level permissions)
/// </summary>
public class CollectorSidecarTests
{
    static CfnTemplate Template => PlatformTemplate.Instance;

    static Map CollectorConfig() =>
        CfnYaml.Parse(Template.Resource("CollectorConfigParameter").Properties.At("Value", "Fn::Sub").AsString());

    [Theory]
    [MemberData(nameof(PlatformService.Keys), MemberType = typeof(PlatformService))]
    public void EveryTaskRunsThePinnedCollectorNonRootReadOnlyAndNotEssential(string key)
    {
        var containers = TaskContainers.All(key);
        var collector = TaskContainers.Collector(key);

        containers.Should().HaveCount(2);
        collector.At("Image").AsString().Should().MatchRegex(@"^public\.ecr\.aws/aws-observability/aws-otel-collector:v\d+\.\d+\.\d+$", "a pinned release, never latest");
        collector.At("Essential").Should().Be("false", "a collector that stops must not take the service down");
        collector.At("User").AsString().Should().MatchRegex("^[1-9][0-9]*$");
        collector.At("Privileged").Should().Be("false");
        collector.At("ReadonlyRootFilesystem").Should().Be("true");
        collector.Should().NotContainKey("PortMappings", "the service reaches it on localhost; nothing outside the task does");
        Cfn.RefTarget(collector.At("Secrets").AsList().Single().AsMap().At("ValueFrom")).Should().Be("CollectorConfigParameter");
        collector.At("Secrets").AsList().Single().AsMap().At("Name").Should().Be("AOT_CONFIG_CONTENT");
    }

    [Theory]
    [MemberData(nameof(PlatformService.Keys), MemberType = typeof(PlatformService))]
    public void TheTaskHasMemoryForBothContainers(string key)
    {
        var task = Template.Resource($"{key}TaskDefinition").Properties;
        var limits = TaskContainers.All(key).Sum(c => int.Parse(c.At("Memory").AsString(), CultureInfo.InvariantCulture));

        limits.Should().BeLessThanOrEqualTo(int.Parse(task.At("Memory").AsString(), CultureInfo.InvariantCulture),
            "Fargate refuses a task whose containers' hard limits exceed its memory");
        int.Parse(TaskContainers.Service(key).At("Memory").AsString(), CultureInfo.InvariantCulture).Should().Be(512, "the service keeps its memory");
    }

    [Theory]
    [MemberData(nameof(PlatformService.Keys), MemberType = typeof(PlatformService))]
    public void TheServiceExportsOtlpToTheSidecarsListeningPort(string key)
    {
        var environment = TaskContainers.Service(key).At("Environment").AsList().Select(e => e.AsMap())
            .ToDictionary(e => e.At("Name").AsString(), e => e.At("Value"));
        var grpc = CollectorConfig().At("receivers", "otlp", "protocols", "grpc", "endpoint").AsString();

        environment["OTEL_EXPORTER_OTLP_PROTOCOL"].Should().Be("grpc");
        var endpoint = new Uri(environment["OTEL_EXPORTER_OTLP_ENDPOINT"].AsString());
        endpoint.Host.Should().Be("localhost", "the containers of an awsvpc task share one network namespace");
        grpc.Should().Be($"127.0.0.1:{endpoint.Port}");
    }

    [Theory]
    [MemberData(nameof(PlatformService.Keys), MemberType = typeof(PlatformService))]
    public void CollectorLogsToItsOwnEncryptedLogGroupWhichTheExecutionRoleMayWrite(string key)
    {
        var logging = TaskContainers.Collector(key).At("LogConfiguration").AsMap();
        var group = Template.Resource("CollectorLogGroup").Properties;
        var executionLogs = Template.Resource("TaskExecutionRole").Properties.At("Policies").AsList()
            .SelectMany(p => p.AsMap().At("PolicyDocument", "Statement").AsList()).Select(s => s.AsMap()).Single(s => s.At("Sid") as string == "Logs");

        logging.At("LogDriver").Should().Be("awslogs");
        Cfn.RefTarget(logging.At("Options", "awslogs-group")).Should().Be("CollectorLogGroup");
        logging.At("Options", "awslogs-stream-prefix").Should().Be(PlatformService.ByKey(key).Prefix, "one collector log group, a stream prefix per service");
        Cfn.ReferencedResource(group.At("KmsKeyId")).Should().Be("PlatformKey");
        executionLogs.At("Resource").AsList().Select(Cfn.GetAttTarget).Should().Contain(("CollectorLogGroup", "Arn"));
    }

    [Fact]
    public void CollectorSendsTracesToXRayAndMetricsAsEmfToTheEncryptedMetricsLogGroup()
    {
        var config = CollectorConfig();
        var pipelines = config.At("service", "pipelines").AsMap();

        pipelines.At("traces", "receivers").AsList().Should().Equal("otlp");
        pipelines.At("traces", "exporters").AsList().Should().Equal("awsxray");
        pipelines.At("metrics", "receivers").AsList().Should().Equal("otlp");
        pipelines.At("metrics", "exporters").AsList().Should().Equal("awsemf");
        pipelines.Values.Should().OnlyContain(p => (p.AsMap().At("processors").AsList()[0] as string) == "memory_limiter", "the limiter must run first");
        config.At("receivers", "otlp", "protocols", "http", "endpoint").AsString().Should().StartWith("127.0.0.1:", "OTLP only from inside the task");
        config.At("extensions", "health_check", "endpoint").AsString().Should().StartWith("127.0.0.1:", "nothing the collector serves is reachable from outside the task");
        config.At("exporters", "awsemf", "log_group_name").Should().Be("${CollectorMetricsLogGroup}");
        Cfn.ReferencedResource(Template.Resource("CollectorMetricsLogGroup").Properties.At("KmsKeyId")).Should().Be("PlatformKey");
        int.Parse(config.At("processors", "memory_limiter", "limit_mib").AsString(), CultureInfo.InvariantCulture)
            .Should().BeLessThan(int.Parse(TaskContainers.Collector("Auth").At("Memory").AsString(), CultureInfo.InvariantCulture));
        Template.Resource("CollectorConfigParameter").Properties.At("Name", "Fn::Sub").AsString().Should().StartWith("/${EnvironmentName}/", "the execution role reads only /<env>/*");
    }

    [Fact]
    public void CollectorPolicyGrantsOnlyWhatTheTwoExportersCallToEveryTaskRole()
    {
        var policy = Template.Resource("CollectorPolicy");
        var statements = policy.Properties.At("PolicyDocument", "Statement").AsList().Select(s => s.AsMap()).ToDictionary(s => s.At("Sid").AsString());

        policy.Type.Should().Be("AWS::IAM::Policy");
        policy.Properties.At("Roles").AsList().Select(Cfn.RefTarget).Should().BeEquivalentTo(PlatformService.All.Select(s => $"{s.Key}TaskRole"));
        statements.Keys.Should().BeEquivalentTo("Traces", "Metrics");
        statements["Traces"].At("Action").AsListOrSingle().Select(a => a.AsString()).Should().Equal("xray:PutTraceSegments");
        statements["Metrics"].At("Action").AsListOrSingle().Select(a => a.AsString()).Should().BeEquivalentTo("logs:CreateLogStream", "logs:PutLogEvents");
        Cfn.GetAttTarget(statements["Metrics"].At("Resource")).Should().Be(("CollectorMetricsLogGroup", "Arn"));
    }
}
