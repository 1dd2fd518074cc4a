using System.Text.Json;
using AwesomeAssertions;
using Platform.Build.Local.Platform;
using YamlDotNet.RepresentationModel;

namespace Platform.Build.Local.Tests;

/// <summary>The gateway's route table (services/local-gateway/appsettings.json) against the template's ALB listener rules.</summary>
public class GatewayRouteTableTests
{
    private sealed record Rule(int Priority, string Service, string[] PathPatterns);

    [Fact]
    public void GatewayRoutesMatchTheTemplatesListenerRules()
    {
        var template = TemplateRules();
        var gateway = GatewayRoutes();

        template.Should().HaveCount(4, "the template forwards to four services");
        gateway.Should().BeEquivalentTo(template, o => o.WithStrictOrdering());
    }

    [Fact]
    public void GatewayRoutesEveryPlatformServiceToItsContainerPort()
    {
        using var settings = JsonDocument.Parse(File.ReadAllText(RepositoryPaths.GatewaySettings));
        var routes = settings.RootElement.GetProperty("Gateway").GetProperty("Routes").EnumerateArray()
            .ToDictionary(r => r.GetProperty("Service").GetString()!, r => r.GetProperty("Destination").GetString());

        routes.Should().BeEquivalentTo(PlatformServices.All.ToDictionary(s => s.Name, s => (string?)$"http://{s.Name}:8080"));
        PlatformServices.All.Should().OnlyContain(s => TemplateRules().Single(r => r.Service == s.Name).PathPatterns.Contains(s.Prefix + "/*"));
    }

    [Fact]
    public void GatewayDefaultResponseIsTheListenersFixedResponse()
    {
        var listener = Resources().Single(r => Scalar(r.Value, "Type") == "AWS::ElasticLoadBalancingV2::Listener"
            && Scalar(Map(r.Value, "Properties"), "Protocol") == "HTTPS");
        var action = (YamlMappingNode)((YamlSequenceNode)Map(listener.Value, "Properties")["DefaultActions"]).Children.Single();
        var fixedResponse = Map(action, "FixedResponseConfig");
        using var settings = JsonDocument.Parse(File.ReadAllText(RepositoryPaths.GatewaySettings));
        var fallback = settings.RootElement.GetProperty("Gateway").GetProperty("DefaultResponse");

        Scalar(action, "Type").Should().Be("fixed-response");
        fallback.GetProperty("StatusCode").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture).Should().Be(Scalar(fixedResponse, "StatusCode"));
        fallback.GetProperty("ContentType").GetString().Should().Be(Scalar(fixedResponse, "ContentType"));
        fallback.GetProperty("Body").GetString().Should().Be(Scalar(fixedResponse, "MessageBody"));
    }

    private static List<Rule> TemplateRules()
    {
        var resources = Resources().ToDictionary(r => ((YamlScalarNode)r.Key).Value!, r => (YamlMappingNode)r.Value);
        // Which service a target group serves: the ECS service whose LoadBalancers entry names it.
        var serviceByTargetGroup = resources.Values
            .Where(r => Scalar(r, "Type") == "AWS::ECS::Service")
            .SelectMany(r => ((YamlSequenceNode)Map(r, "Properties")["LoadBalancers"]).Children.Cast<YamlMappingNode>())
            .ToDictionary(lb => Scalar(lb, "TargetGroupArn"), lb => Scalar(lb, "ContainerName"));

        return [.. resources.Values
            .Where(r => Scalar(r, "Type") == "AWS::ElasticLoadBalancingV2::ListenerRule")
            .Select(r => Map(r, "Properties"))
            .Select(p =>
            {
                var conditions = ((YamlSequenceNode)p["Conditions"]).Children.Cast<YamlMappingNode>().ToList();
                conditions.Should().OnlyContain(c => Scalar(c, "Field") == "path-pattern", "the gateway routes by path only");
                var patterns = conditions.SelectMany(c => ((YamlSequenceNode)Map(c, "PathPatternConfig")["Values"]).Children.Select(v => ((YamlScalarNode)v).Value!)).ToArray();
                var action = ((YamlSequenceNode)p["Actions"]).Children.Cast<YamlMappingNode>().Single();
                Scalar(action, "Type").Should().Be("forward");
                return new Rule(int.Parse(Scalar(p, "Priority"), System.Globalization.CultureInfo.InvariantCulture), serviceByTargetGroup[Scalar(action, "TargetGroupArn")], patterns);
            })
            .OrderBy(r => r.Priority)];
    }

    private static List<Rule> GatewayRoutes()
    {
        using var settings = JsonDocument.Parse(File.ReadAllText(RepositoryPaths.GatewaySettings));
        return [.. settings.RootElement.GetProperty("Gateway").GetProperty("Routes").EnumerateArray()
            .Select(r => new Rule(
                r.GetProperty("Priority").GetInt32(),
                r.GetProperty("Service").GetString()!,
                [.. r.GetProperty("PathPatterns").EnumerateArray().Select(v => v.GetString()!)]))
            .OrderBy(r => r.Priority)];
    }

    private static IEnumerable<KeyValuePair<YamlNode, YamlNode>> Resources()
    {
        var yaml = new YamlStream();
        using var reader = new StringReader(File.ReadAllText(RepositoryPaths.Template));
        yaml.Load(reader);
        return Map(yaml.Documents[0].RootNode, "Resources").Children;
    }

    private static YamlMappingNode Map(YamlNode node, string key) => (YamlMappingNode)((YamlMappingNode)node)[key];

    /// <summary>A scalar, or for <c>!Ref X</c> (a tagged scalar) the referenced name X.</summary>
    private static string Scalar(YamlNode node, string key) =>
        ((YamlMappingNode)node).Children.TryGetValue(new YamlScalarNode(key), out var value) && value is YamlScalarNode scalar ? scalar.Value ?? "" : "";
}
