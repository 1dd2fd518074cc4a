using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Platform.FakeAws;

/// <summary>
/// Evaluates a template's conditions and resolves property values (Ref, Fn::Sub, Fn::GetAtt, Fn::If, Fn::Join) for one stack's
/// parameters, as CloudFormation does before it creates a resource. Short (!Ref) and long ({Ref: …}) forms both work. Only what
/// the fake needs to decide outcomes from state is resolved: a value it cannot resolve comes back as null.
/// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference.html
/// </summary>
internal sealed partial class FakeIntrinsics(
    FakeTemplate template, IReadOnlyDictionary<string, string> parameters, FakeAwsOptions options, string stackName, string stackId,
    Func<FakeTemplateResource, string> physicalId)
{
    private readonly Dictionary<string, bool> _conditions = new(StringComparer.Ordinal);

    /// <summary>True when the stack has this resource: no Condition, or its condition holds.</summary>
    public bool Includes(FakeTemplateResource resource) => resource.Condition is null || Condition(resource.Condition);

    public bool Condition(string name)
    {
        if (_conditions.TryGetValue(name, out var known))
        {
            return known;
        }

        var node = template.Conditions.GetValueOrDefault(name)
            ?? throw FakeAwsException.Validation($"Template format error: Unresolved dependencies [{name}]. Cannot reference resources in the Conditions block of the template");
        return _conditions[name] = Truth(node);
    }

    /// <summary>A resource property (e.g. "Properties.ServiceName") resolved to a string, or null.</summary>
    public string? Property(FakeTemplateResource resource, params string[] path) => Node(resource, path) is { } node ? Resolve(node) : null;

    public static YamlNode? Node(FakeTemplateResource resource, params string[] path)
    {
        YamlNode? node = resource.Node;
        foreach (var key in path)
        {
            node = node is YamlMappingNode mapping && mapping.Children.TryGetValue(new YamlScalarNode(key), out var child) ? child : null;
        }

        return node;
    }

    public string? Resolve(YamlNode node)
    {
        var (function, argument) = Function(node);
        switch (function)
        {
            case null:
                return node is YamlScalarNode scalar ? scalar.Value : null;
            case "Ref":
                return Ref(Scalar(argument));
            case "Fn::Sub":
                return Sub(argument);
            case "Fn::GetAtt":
                var parts = argument is YamlSequenceNode sequence ? sequence.Children.Select(Scalar).ToArray() : Scalar(argument)?.Split('.', 2) ?? [];
                return parts.Length == 2 ? GetAtt(parts[0]!, parts[1]!) : null;
            case "Fn::If":
                var branches = (YamlSequenceNode)argument;
                return Resolve(Condition(Scalar(branches[0])!) ? branches[1] : branches[2]);
            case "Fn::Join":
                var join = (YamlSequenceNode)argument;
                var items = ((YamlSequenceNode)join[1]).Children.Select(Resolve).ToList();
                return items.Any(i => i is null) ? null : string.Join(Scalar(join[0]), items);
            default:
                return null;
        }
    }

    private bool Truth(YamlNode node)
    {
        var (function, argument) = Function(node);
        var list = argument as YamlSequenceNode;
        return function switch
        {
            "Fn::Equals" => string.Equals(Resolve(list![0]), Resolve(list[1]), StringComparison.Ordinal),
            "Fn::Not" => !Truth(list![0]),
            "Fn::And" => list!.Children.All(Truth),
            "Fn::Or" => list!.Children.Any(Truth),
            "Condition" => Condition(Scalar(argument)!),
            _ => throw FakeAwsException.Validation($"Template error: unsupported condition function {function ?? "(none)"}"),
        };
    }

    private string? Ref(string? name) => name switch
    {
        null => null,
        "AWS::Region" => options.Region,
        "AWS::AccountId" => options.AccountId,
        "AWS::StackName" => stackName,
        "AWS::StackId" => stackId,
        "AWS::Partition" => "aws",
        "AWS::URLSuffix" => "amazonaws.com",
        "AWS::NoValue" => null,
        _ when parameters.TryGetValue(name, out var value) => value,
        _ => template.Resources.FirstOrDefault(r => r.LogicalId == name) is { } resource ? physicalId(resource) : null,
    };

    private string? GetAtt(string logicalId, string attribute)
    {
        var resource = template.Resources.FirstOrDefault(r => r.LogicalId == logicalId);
        if (resource is null)
        {
            return null;
        }

        return (resource.Type, attribute) switch
        {
            ("AWS::ECR::Repository", "RepositoryUri") => $"{options.AccountId}.dkr.ecr.{options.Region}.amazonaws.com/{physicalId(resource)}",
            ("AWS::ECS::Service", "Name") => Property(resource, "Properties", "ServiceName"),
            ("AWS::ECS::Cluster", "Arn") => $"arn:aws:ecs:{options.Region}:{options.AccountId}:cluster/{physicalId(resource)}",
            _ => $"{physicalId(resource)}.{attribute}",
        };
    }

    private string? Sub(YamlNode argument)
    {
        var (text, variables) = argument is YamlSequenceNode list
            ? (Scalar(list[0]) ?? "", list.Children.Count > 1 ? list[1] as YamlMappingNode : null)
            : (Scalar(argument) ?? "", null);
        var unresolved = false;
        var result = SubVariable().Replace(text, match =>
        {
            var name = match.Groups[1].Value;
            if (name.StartsWith('!'))
            {
                return "${" + name[1..] + "}";
            }

            string? value = variables is not null && variables.Children.TryGetValue(new YamlScalarNode(name), out var local) ? Resolve(local)
                : name.Contains('.', StringComparison.Ordinal) && !name.StartsWith("AWS::", StringComparison.Ordinal) ? GetAtt(name.Split('.', 2)[0], name.Split('.', 2)[1])
                : Ref(name);
            unresolved |= value is null;
            return value ?? "";
        });
        return unresolved ? null : result;
    }

    /// <summary>The function a node calls ("Ref", "Fn::Sub", …) and its argument, for both the short tag and the long mapping form.</summary>
    private static (string? Function, YamlNode Argument) Function(YamlNode node)
    {
        var tag = node.Tag.IsEmpty ? null : node.Tag.Value;
        if (tag is not null && tag.StartsWith('!'))
        {
            var name = tag[1..];
            return (name is "Ref" or "Condition" ? name : "Fn::" + name, node);
        }

        if (node is YamlMappingNode { Children.Count: 1 } mapping && mapping.Children.First() is var (key, value)
            && ((YamlScalarNode)key).Value is { } function && (function == "Ref" || function == "Condition" || function.StartsWith("Fn::", StringComparison.Ordinal)))
        {
            return (function, value);
        }

        return (null, node);
    }

    private static string? Scalar(YamlNode node) => node is YamlScalarNode scalar ? scalar.Value : null;

    [GeneratedRegex(@"\$\{([^}]+)\}")]
    private static partial Regex SubVariable();
}
