using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Platform.FakeAws;

/// <summary>
/// What the fake reads from a template: parameters, resources (logical ID, type, and the text of each definition so a change
/// set can tell Modify from no change) and outputs. YAML and JSON both load; short-form tags (!Ref, !Sub) are kept as written.
/// </summary>
internal sealed partial class FakeTemplate
{
    private FakeTemplate()
    {
    }

    public string? Description { get; private init; }

    public IReadOnlyList<FakeTemplateParameter> Parameters { get; private init; } = [];

    /// <summary>Logical ID → (type, definition text) in template order.</summary>
    public IReadOnlyList<FakeTemplateResource> Resources { get; private init; } = [];

    public IReadOnlyList<string> Outputs { get; private init; } = [];

    /// <summary>Each output's Value node and Condition, resolved when a change set executes (a script's value wins).</summary>
    public IReadOnlyDictionary<string, (YamlNode Value, string? Condition)> OutputDefinitions { get; private init; } =
        new Dictionary<string, (YamlNode, string?)>(StringComparer.Ordinal);

    /// <summary>The Conditions section by name (each an intrinsic-function node), evaluated per stack by <see cref="FakeIntrinsics"/>.</summary>
    public IReadOnlyDictionary<string, YamlNode> Conditions { get; private init; } = new Dictionary<string, YamlNode>();

    [GeneratedRegex(@"^((AWS|Alexa)::[A-Za-z0-9]+::[A-Za-z0-9]+(::[A-Za-z0-9]+)?|Custom::[A-Za-z0-9_@\-]+)$")]
    private static partial Regex ResourceTypePattern();

    // Parsed templates by body. Nothing mutates one after parsing, and most deploy tests send the repository's template
    // (every change set and validation parses it: about 4 % of Build.Tests' CPU before this). Bounded: some tests send
    // one-off bodies.
    private static readonly ConcurrentDictionary<string, FakeTemplate> Parsed = new(StringComparer.Ordinal);

    public static FakeTemplate Parse(string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            throw FakeAwsException.Validation("Either Template URL or Template Body must be specified.");
        }

        if (Parsed.TryGetValue(body, out var known))
        {
            return known;
        }

        var template = ParseBody(body);
        if (Parsed.Count >= 16)
        {
            Parsed.Clear();
        }

        return Parsed.GetOrAdd(body, template);
    }

    private static FakeTemplate ParseBody(string body)
    {
        YamlMappingNode root;
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(body));
            root = stream.Documents.FirstOrDefault()?.RootNode as YamlMappingNode
                ?? throw FakeAwsException.Validation("Template format error: unsupported structure.");
        }
        catch (YamlException ex)
        {
            throw FakeAwsException.Validation($"Template format error: YAML not well-formed. (line {ex.Start.Line}, column {ex.Start.Column})");
        }

        var resourcesNode = Section(root, "Resources");
        if (resourcesNode is null || resourcesNode.Children.Count == 0)
        {
            throw FakeAwsException.Validation("Template format error: At least one Resources member must be defined.");
        }

        var resources = new List<FakeTemplateResource>();
        var unknownTypes = new List<string>();
        foreach (var (key, value) in resourcesNode.Children)
        {
            var id = ((YamlScalarNode)key).Value ?? "";
            if (value is not YamlMappingNode definition || Scalar(definition, "Type") is not { } type)
            {
                throw FakeAwsException.Validation($"Template format error: [/Resources/{id}] Every Resources object must contain a Type member.");
            }

            if (!ResourceTypePattern().IsMatch(type))
            {
                unknownTypes.Add(type);
            }

            resources.Add(new FakeTemplateResource(id, type, Text(definition)) { Node = definition, Condition = Scalar(definition, "Condition") });
        }

        if (unknownTypes.Count > 0)
        {
            throw FakeAwsException.Validation($"Template format error: Unrecognized resource types: [{string.Join(", ", unknownTypes)}]");
        }

        var parameters = new List<FakeTemplateParameter>();
        foreach (var (key, value) in Section(root, "Parameters")?.Children.AsEnumerable() ?? [])
        {
            var name = ((YamlScalarNode)key).Value ?? "";
            if (value is not YamlMappingNode definition || Scalar(definition, "Type") is null)
            {
                throw FakeAwsException.Validation($"Template format error: [/Parameters/{name}] Every Parameters object must contain a Type member.");
            }

            parameters.Add(new FakeTemplateParameter(
                name, Scalar(definition, "Default"), string.Equals(Scalar(definition, "NoEcho"), "true", StringComparison.OrdinalIgnoreCase),
                Scalar(definition, "Description"))
            {
                Type = Scalar(definition, "Type")!,
                AllowedValues = definition.Children.TryGetValue(new YamlScalarNode("AllowedValues"), out var allowed) && allowed is YamlSequenceNode list
                    ? list.Children.OfType<YamlScalarNode>().Select(v => v.Value ?? "").ToList()
                    : null,
                AllowedPattern = Scalar(definition, "AllowedPattern"),
                ConstraintDescription = Scalar(definition, "ConstraintDescription"),
                MinValue = Scalar(definition, "MinValue"),
                MaxValue = Scalar(definition, "MaxValue"),
                MinLength = Scalar(definition, "MinLength"),
                MaxLength = Scalar(definition, "MaxLength"),
            });
        }

        return new FakeTemplate
        {
            Description = Scalar(root, "Description"),
            Parameters = parameters,
            Resources = resources,
            Outputs = Section(root, "Outputs")?.Children.Keys.Select(k => ((YamlScalarNode)k).Value ?? "").ToList() ?? [],
            OutputDefinitions = (Section(root, "Outputs")?.Children.AsEnumerable() ?? []).Where(o => o.Value is YamlMappingNode).ToDictionary(
                o => ((YamlScalarNode)o.Key).Value ?? "",
                o => (Child((YamlMappingNode)o.Value, "Value") ?? new YamlScalarNode(""), (Child((YamlMappingNode)o.Value, "Condition") as YamlScalarNode)?.Value),
                StringComparer.Ordinal),
            Conditions = Section(root, "Conditions")?.Children.ToDictionary(c => ((YamlScalarNode)c.Key).Value ?? "", c => c.Value, StringComparer.Ordinal)
                ?? new Dictionary<string, YamlNode>(StringComparer.Ordinal),
        };
    }

    private static YamlNode? Child(YamlMappingNode mapping, string key) => mapping.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    /// <summary>Capabilities CloudFormation would demand: IAM resources need CAPABILITY_IAM (CAPABILITY_NAMED_IAM when they are named).</summary>
    public (List<string> Capabilities, string? Reason) RequiredCapabilities()
    {
        var iam = Resources.Where(r => r.Type.StartsWith("AWS::IAM::", StringComparison.Ordinal)).ToList();
        if (iam.Count == 0)
        {
            return ([], null);
        }

        var named = iam.Any(r => r.Definition.Contains("RoleName", StringComparison.Ordinal) || r.Definition.Contains("UserName", StringComparison.Ordinal)
                                 || r.Definition.Contains("GroupName", StringComparison.Ordinal) || r.Definition.Contains("ManagedPolicyName", StringComparison.Ordinal));
        return ([named ? "CAPABILITY_NAMED_IAM" : "CAPABILITY_IAM"],
            $"The following resource(s) require capabilities: [{string.Join(", ", iam.Select(r => r.Type).Distinct())}]");
    }

    private static YamlMappingNode? Section(YamlMappingNode root, string name) =>
        root.Children.TryGetValue(new YamlScalarNode(name), out var node) ? node as YamlMappingNode : null;

    private static string? Scalar(YamlMappingNode node, string name) =>
        node.Children.TryGetValue(new YamlScalarNode(name), out var value) && value is YamlScalarNode scalar ? scalar.Value : null;

    public static string Text(YamlNode node)
    {
        var document = new YamlDocument(node);
        var stream = new YamlStream(document);
        using var writer = new StringWriter();
        stream.Save(writer, assignAnchors: false);
        return writer.ToString();
    }
}

internal sealed record FakeTemplateParameter(string Name, string? Default, bool NoEcho, string? Description)
{
    public string Type { get; init; } = "String";
    public IReadOnlyList<string>? AllowedValues { get; init; }
    public string? AllowedPattern { get; init; }
    public string? ConstraintDescription { get; init; }
    public string? MinValue { get; init; }
    public string? MaxValue { get; init; }
    public string? MinLength { get; init; }
    public string? MaxLength { get; init; }
}

internal sealed record FakeTemplateResource(string LogicalId, string Type, string Definition)
{
    /// <summary>The resource's mapping (Type, Condition, Properties…), for resolving its properties.</summary>
    public YamlMappingNode? Node { get; init; }

    /// <summary>The name of the condition that decides whether the stack has this resource; null: always.</summary>
    public string? Condition { get; init; }
}
