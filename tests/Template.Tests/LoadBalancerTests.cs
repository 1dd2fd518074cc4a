namespace Platform.Template.Tests;

public class LoadBalancerTests
{
    static CfnTemplate Template => PlatformTemplate.Instance;

    static CfnResource Listener(string port) =>
        Template.OfType("AWS::ElasticLoadBalancingV2::Listener").Single(l => l.Properties.At("Port") as string == port);

    [Fact]
    public void LoadBalancerIsAnInternetFacingApplicationLoadBalancerInThePublicSubnets()
    {
        var alb = Template.OfType("AWS::ElasticLoadBalancingV2::LoadBalancer").Should().ContainSingle().Subject;

        // Type is spelt out: Control Tower's ALB rules skip a load balancer without it.
        alb.Properties.At("Type").Should().Be("application");
        alb.Properties.At("Scheme").Should().Be("internet-facing");
        alb.Properties.At("Subnets").AsList().Select(Cfn.RefTarget).Should().BeEquivalentTo("PublicSubnetA", "PublicSubnetB");
    }

    [Fact]
    public void LoadBalancerDropsInvalidHeadersAndIsProtectedFromDeletionInProd()
    {
        var attributes = Template.OfType("AWS::ElasticLoadBalancingV2::LoadBalancer").Single().Properties.At("LoadBalancerAttributes").AsList()
            .ToDictionary(a => a.AsMap().At("Key").AsString(), a => a.AsMap().At("Value"));

        attributes["routing.http.drop_invalid_header_fields.enabled"].Should().Be("true");
        attributes["routing.http.desync_mitigation_mode"].Should().BeOneOf("defensive", "strictest");
        var deletion = Cfn.IfBranches(attributes["deletion_protection.enabled"]);
        deletion.Should().NotBeNull();
        deletion!.Value.Should().Be(("IsProd", (object?)"true", (object?)"false"));
        Template.Conditions.At("IsProd", "Fn::Equals").AsList()[1].Should().Be("prod");
    }

    [Fact]
    public void HttpListenerRedirectsPermanentlyToHttps()
    {
        var http = Listener("80");
        var action = http.Properties.At("DefaultActions").AsList().Should().ContainSingle().Subject.AsMap();

        http.Properties.At("Protocol").Should().Be("HTTP");
        action.At("Type").Should().Be("redirect");
        action.At("RedirectConfig", "Protocol").Should().Be("HTTPS");
        action.At("RedirectConfig", "Port").Should().Be("443");
        action.At("RedirectConfig", "StatusCode").Should().Be("HTTP_301");
    }

    [Fact]
    public void HttpsListenerUsesTheCertificateATls13PolicyAndAnswers404ByDefault()
    {
        var https = Listener("443");
        var action = https.Properties.At("DefaultActions").AsList().Should().ContainSingle().Subject.AsMap();

        https.Properties.At("Protocol").Should().Be("HTTPS");
        // ELBSecurityPolicy-TLS13-1-2-2021-06 or a newer TLS 1.3 policy (TLS13-1-2-Res-..., TLS13-1-3-..., the PQ ones).
        https.Properties.At("SslPolicy").AsString().Should().StartWith("ELBSecurityPolicy-TLS13-");
        Cfn.RefTarget(https.Properties.At("Certificates").AsList().Single().AsMap().At("CertificateArn")).Should().Be("AcmCertificateArn");
        action.At("Type").Should().Be("fixed-response");
        action.At("FixedResponseConfig", "StatusCode").Should().Be("404");
    }

    [Theory]
    [MemberData(nameof(PlatformService.Keys), MemberType = typeof(PlatformService))]
    public void EachPrefixRoutesToItsServicesTargetGroup(string key)
    {
        var service = PlatformService.ByKey(key);
        var rule = Template.OfType("AWS::ElasticLoadBalancingV2::ListenerRule").Where(r => r.Properties.At("Conditions").AsList()
            .Any(c => c.AsMap().At("PathPatternConfig", "Values") is IReadOnlyList<object?> values && values.Contains($"/{service.Prefix}")))
            .Should().ContainSingle($"one rule routes /{service.Prefix}").Subject;

        Cfn.RefTarget(rule.Properties.At("ListenerArn")).Should().Be("HttpsListener");
        // "/auth" and "/auth/*" rather than "/auth*", which would also send "/authx" to auth-service.
        rule.Properties.At("Conditions").AsList().Single().AsMap().At("PathPatternConfig", "Values").AsList()
            .Should().Equal($"/{service.Prefix}", $"/{service.Prefix}/*");
        var forward = rule.Properties.At("Actions").AsList().Single().AsMap();
        forward.At("Type").Should().Be("forward");
        Cfn.RefTarget(forward.At("TargetGroupArn")).Should().Be($"{key}TargetGroup");

        var ecsService = Template.Resource($"{key}Service");
        var binding = ecsService.Properties.At("LoadBalancers").AsList().Single().AsMap();
        Cfn.RefTarget(binding.At("TargetGroupArn")).Should().Be($"{key}TargetGroup");
        binding.At("ContainerName").Should().Be(service.Name);
        binding.At("ContainerPort").Should().Be("8080");
    }

    [Fact]
    public void ListenerRulePrioritiesAreUnique()
    {
        Template.OfType("AWS::ElasticLoadBalancingV2::ListenerRule").Select(r => r.Properties.At("Priority")).Should().OnlyHaveUniqueItems();
    }

    [Theory]
    [MemberData(nameof(PlatformService.Keys), MemberType = typeof(PlatformService))]
    public void TargetGroupChecksTheShallowLivenessPathAndDrainsQuickly(string key)
    {
        var service = PlatformService.ByKey(key);
        var properties = Template.Resource($"{key}TargetGroup").Properties;
        var attributes = properties.At("TargetGroupAttributes").AsList()
            .ToDictionary(a => a.AsMap().At("Key").AsString(), a => a.AsMap().At("Value").AsString());

        // Never the deep /health: a database outage must not make ECS replace every task.
        properties.At("HealthCheckPath").Should().Be($"/{service.Prefix}/health/live");
        properties.At("TargetType").Should().Be("ip");
        properties.At("Port").Should().Be("8080");
        int.Parse(attributes["deregistration_delay.timeout_seconds"], System.Globalization.CultureInfo.InvariantCulture).Should().BeLessThanOrEqualTo(60);
        var interval = int.Parse(properties.At("HealthCheckIntervalSeconds").AsString(), System.Globalization.CultureInfo.InvariantCulture);
        var healthy = int.Parse(properties.At("HealthyThresholdCount").AsString(), System.Globalization.CultureInfo.InvariantCulture);
        (interval * healthy).Should().BeLessThanOrEqualTo(20, "a new task should be in service within about 20 s");
    }
}
