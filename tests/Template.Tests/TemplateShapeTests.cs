namespace Platform.Template.Tests;

public class TemplateShapeTests
{
    static CfnTemplate Template => PlatformTemplate.Instance;

    [Fact]
    public void TemplateFitsTheTemplateUrlLimit()
    {
        // DeployStack passes the template as a TemplateURL in S3, which CloudFormation reads up to 1 MB (build/Deploy/TemplateFile.cs).
        Template.SizeInBytes.Should().BeLessThanOrEqualTo(1_000_000, "CloudFormation reads at most 1 MB from a TemplateURL");
    }

    [Fact]
    public void ShortFormTagsBecomeLongFormFunctions()
    {
        var parsed = CfnYaml.Parse("""
            A: !Ref X
            B: !GetAtt Res.Attr.Sub
            C: !Sub "${X}-y"
            D: !If [Cond, !Select [0, !GetAZs ""], !Join ["", [!Split [",", !ImportValue V]]]]
            E: !Not [!Condition C1]
            F: !Cidr [!FindInMap [M, K, V], 6, 8]
            G: !And [!Equals [a, b], !Or [!Equals [c, d]]]
            H: !Base64 text
            """);

        Cfn.RefTarget(parsed["A"]).Should().Be("X");
        Cfn.GetAttTarget(parsed["B"]).Should().Be(("Res", "Attr.Sub"));
        parsed.At("C", "Fn::Sub").Should().Be("${X}-y");
        var branches = Cfn.IfBranches(parsed["D"])!.Value;
        branches.Condition.Should().Be("Cond");
        branches.WhenTrue.AsMap().At("Fn::Select").AsList()[1].AsMap().Should().ContainKey("Fn::GetAZs");
        branches.WhenFalse.AsMap().At("Fn::Join").AsList()[1].AsList()[0].AsMap().At("Fn::Split").AsList()[1].AsMap().Should().ContainKey("Fn::ImportValue");
        parsed.At("E", "Fn::Not").AsList()[0].AsMap().At("Condition").Should().Be("C1");
        parsed.At("F", "Fn::Cidr").AsList()[0].AsMap().Should().ContainKey("Fn::FindInMap");
        parsed.At("G", "Fn::And").AsList()[1].AsMap().Should().ContainKey("Fn::Or");
        parsed.At("H", "Fn::Base64").Should().Be("text");
    }

    [Theory]
    [InlineData("A: !Reff X", "Unknown CloudFormation function !Reff at line 1")]
    [InlineData("A: 1\nA: 2", "line 2*Duplicate key")]
    [InlineData("A: !GetAtt NoDot", "is not Resource.Attribute")]
    public void MalformedTemplatesAreRejectedWithTheLine(string yaml, string message)
    {
        var parse = () => CfnYaml.Parse(yaml);

        parse.Should().Throw<FormatException>().WithMessage($"*{message}*");
    }

    [Fact]
    public void EveryParameterHasADescriptionAndAConstraint()
    {
        Template.Parameters.Should().NotBeEmpty();
        foreach (var (name, value) in Template.Parameters)
        {
            var parameter = value.AsMap();
            (parameter.At("Description") as string).Should().NotBeNullOrWhiteSpace($"parameter {name} needs a Description");
            var constrained = parameter.ContainsKey("AllowedValues") || parameter.ContainsKey("AllowedPattern")
                || (parameter.ContainsKey("MinValue") && parameter.ContainsKey("MaxValue"));
            constrained.Should().BeTrue($"parameter {name} needs AllowedValues, AllowedPattern or MinValue/MaxValue");
        }
    }

    [Fact]
    public void ManualDeployNeedsOnlyEnvironmentCertificateAndImageTags()
    {
        // docs/deploying.md's `aws cloudformation deploy` passes exactly these; every other parameter needs a default.
        string[] required = ["EnvironmentName", "AcmCertificateArn", "AuthImageTag", "UserImageTag", "BillingImageTag", "NotificationImageTag"];

        Template.Parameters.Where(p => !p.Value.AsMap().ContainsKey("Default")).Select(p => p.Key).Should().BeEquivalentTo(required);
        Template.Parameters.At("EnvironmentName", "AllowedValues").AsList().Should().Equal("dev", "staging", "prod");
    }

    [Fact]
    public void ParameterGroupsListEveryParameterOnce()
    {
        var grouped = Template.Root.At("Metadata", "AWS::CloudFormation::Interface", "ParameterGroups").AsList()
            .SelectMany(g => g.AsMap().At("Parameters").AsList()).Select(p => p.AsString()).ToList();

        grouped.Should().OnlyHaveUniqueItems().And.BeEquivalentTo(Template.Parameters.Keys);
    }

    [Fact]
    public void EveryOutputHasADescriptionAndAnExport()
    {
        string[] expected =
        [
            "AlbDnsName", "ClusterName", "EventsQueueUrl", "DbEndpoint",
            .. PlatformService.All.Select(s => $"{s.Key}ServiceName"), .. PlatformService.All.Select(s => $"{s.Key}RepositoryUri"),
        ];

        Template.Outputs.Keys.Should().Contain(expected);
        foreach (var (name, value) in Template.Outputs)
        {
            var output = value.AsMap();
            (output.At("Description") as string).Should().NotBeNullOrWhiteSpace($"output {name} needs a Description");
            output.At("Export", "Name").AsMap().At("Fn::Sub").Should().Be($"${{AWS::StackName}}-{name}", $"output {name} is exported under the stack's name");
        }
    }

    [Fact]
    public void ReferencesPointAtDeclaredNames()
    {
        var declared = Template.Resources.Keys.Concat(Template.Parameters.Keys).ToHashSet(StringComparer.Ordinal);
        var conditions = Template.Conditions.Keys.ToHashSet(StringComparer.Ordinal);
        var problems = new List<string>();

        void Visit(object? node, string where)
        {
            switch (node)
            {
                case Map map:
                    if (Cfn.RefTarget(node) is { } target && !target.StartsWith("AWS::", StringComparison.Ordinal) && !declared.Contains(target))
                        problems.Add($"{where}: !Ref {target}");
                    if (Cfn.GetAttTarget(node) is { } attribute && !Template.Resources.ContainsKey(attribute.Resource))
                        problems.Add($"{where}: !GetAtt {attribute.Resource}");
                    if (Cfn.IfBranches(node) is { } branches && !conditions.Contains(branches.Condition))
                        problems.Add($"{where}: !If {branches.Condition}");
                    foreach (var (key, child) in map)
                        Visit(child, $"{where}.{key}");
                    break;
                case IReadOnlyList<object?> list:
                    for (var i = 0; i < list.Count; i++)
                        Visit(list[i], $"{where}[{i}]");
                    break;
            }
        }

        Visit(Template.Root.At("Resources"), "Resources");
        Visit(Template.Root.At("Outputs"), "Outputs");

        problems.Should().BeEmpty();
        Template.Resources.Values.Where(r => r.Condition is not null).Select(r => r.Condition).Should().OnlyContain(c => conditions.Contains(c!));
    }

    [Fact]
    public void ResourcesThatNeedImagesWaitForServicesEnabled()
    {
        // First deploy of an environment: ServicesEnabled=false creates the repositories but nothing that pulls an image.
        string[] gated = ["AWS::ECS::Service", "AWS::ApplicationAutoScaling::ScalableTarget", "AWS::ApplicationAutoScaling::ScalingPolicy"];

        Template.Resources.Values.Where(r => gated.Contains(r.Type)).Should().OnlyContain(r => r.Condition == "DeployServices");
        Template.Conditions.At("DeployServices", "Fn::Equals").AsList()[0].Should().BeEquivalentTo(new Dictionary<string, object?> { ["Ref"] = "ServicesEnabled" });
    }
}
