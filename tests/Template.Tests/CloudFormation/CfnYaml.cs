using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Platform.Template.Tests.CloudFormation;

/// <summary>
/// Reads a CloudFormation YAML template into plain dictionaries, lists and strings, turning the short-form tags
/// (!Ref, !Sub, !GetAtt ...) into their long form ({"Ref": x}, {"Fn::Sub": x}, {"Fn::GetAtt": [resource, attribute]}),
/// as CloudFormation itself does. Every scalar stays a string: "true", 5 and "5" compare as text.
/// </summary>
public static class CfnYaml
{
    // The intrinsic functions CloudFormation accepts in short form; anything else is a typo CloudFormation would reject.
    static readonly HashSet<string> Functions =
    [
        "Base64", "Cidr", "FindInMap", "GetAtt", "GetAZs", "ImportValue", "Join", "Select", "Split", "Sub", "Transform",
        "And", "Equals", "If", "Not", "Or", "Length", "ToJsonString",
    ];

    public static Map Parse(string yaml)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            throw new FormatException($"Template is not valid YAML at line {e.Start.Line}, column {e.Start.Column}: {e.Message}", e);
        }

        if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is not YamlMappingNode root)
            throw new FormatException("Template must be exactly one YAML document whose top level is a mapping.");
        return (Map)Convert(root)!;
    }

    static object? Convert(YamlNode node)
    {
        object? value = node switch
        {
            YamlScalarNode scalar => scalar.Value ?? "",
            YamlSequenceNode sequence => sequence.Children.Select(Convert).ToList(),
            YamlMappingNode mapping => ConvertMapping(mapping),
            _ => throw new FormatException($"Unsupported YAML node (alias?) at line {node.Start.Line}: CloudFormation does not resolve anchors."),
        };

        var tag = node.Tag.IsEmpty ? null : node.Tag.Value;
        if (tag is null || tag.StartsWith("tag:yaml.org,2002:", StringComparison.Ordinal))
            return value;
        if (!tag.StartsWith('!'))
            throw new FormatException($"Unknown YAML tag {tag} at line {node.Start.Line}.");

        var name = tag[1..];
        return name switch
        {
            "Ref" or "Condition" => new Dictionary<string, object?> { [name] = value },
            "GetAtt" when value is string dotted => new Dictionary<string, object?> { ["Fn::GetAtt"] = SplitGetAtt(dotted, node) },
            _ when Functions.Contains(name) => new Dictionary<string, object?> { ["Fn::" + name] = value },
            _ => throw new FormatException($"Unknown CloudFormation function !{name} at line {node.Start.Line}."),
        };
    }

    static Dictionary<string, object?> ConvertMapping(YamlMappingNode mapping)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, child) in mapping.Children)
        {
            if (key is not YamlScalarNode { Value: { } name })
                throw new FormatException($"Non-scalar mapping key at line {key.Start.Line}.");
            if (!result.TryAdd(name, Convert(child)))
                throw new FormatException($"Duplicate key '{name}' at line {key.Start.Line}: CloudFormation rejects it.");
        }

        return result;
    }

    static List<object?> SplitGetAtt(string dotted, YamlNode node)
    {
        var dot = dotted.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || dot == dotted.Length - 1)
            throw new FormatException($"!GetAtt '{dotted}' at line {node.Start.Line} is not Resource.Attribute.");
        return [dotted[..dot], dotted[(dot + 1)..]];
    }
}
