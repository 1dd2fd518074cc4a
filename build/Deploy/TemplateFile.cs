using BuildCore;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Platform.Build.Deploy;

/// <summary>The template as the deploy needs it: its text and parameters, checked before any AWS call. Path is as messages show it.</summary>
public sealed record TemplateFile(string Path, string Body, IReadOnlyList<TemplateParameter> Parameters, IReadOnlyList<string> OutputNames)
{
    public IReadOnlyList<string> ParameterNames => [.. Parameters.Select(p => p.Name)];

    /// <summary>Logical ID → resource type, for the risk gate and the stack policy.</summary>
    public IReadOnlyDictionary<string, string> ResourceTypes { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>CloudFormation's limit for a TemplateBody; larger templates must go through S3.</summary>
    public const int MaxBodyBytes = 51_200;

    /// <summary>CloudFormation's limit for a template read from S3 (TemplateURL), documented as "1 MB": read as 1,000,000 bytes to stay safe.</summary>
    public const int MaxUrlBytes = 1_000_000;

    public static TemplateFile Read(string path, string shownAs)
    {
        string body;
        try
        {
            body = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new BuildException($"The template {shownAs} cannot be read: {e.Message}", e);
        }

        var bytes = System.Text.Encoding.UTF8.GetByteCount(body);
        if (bytes > MaxUrlBytes)
            throw new BuildException($"The template {shownAs} is {bytes} bytes; CloudFormation takes at most 1,000,000 bytes (1 MB) from S3 (TemplateURL).");

        YamlMappingNode root;
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(body));
            root = stream.Documents.FirstOrDefault()?.RootNode as YamlMappingNode
                ?? throw new BuildException($"The template {shownAs} is not a YAML/JSON mapping.");
        }
        catch (YamlException e)
        {
            throw new BuildException($"The template {shownAs} is not valid YAML (line {e.Start.Line}, column {e.Start.Column}): {e.Message}", e);
        }

        if (Section(root, "Resources") is not { Children.Count: > 0 })
            throw new BuildException($"The template {shownAs} has no Resources section.");
        var parameters = Section(root, "Parameters")?.Children
            .Where(p => p.Value is YamlMappingNode)
            .Select(p => TemplateParameter.Read(((YamlScalarNode)p.Key).Value ?? "", (YamlMappingNode)p.Value))
            .ToList() ?? [];
        var types = Section(root, "Resources")!.Children
            .Where(r => r.Key is YamlScalarNode && r.Value is YamlMappingNode)
            .ToDictionary(r => ((YamlScalarNode)r.Key).Value ?? "", r => (((YamlMappingNode)r.Value).Children.TryGetValue(new YamlScalarNode("Type"), out var t) ? (t as YamlScalarNode)?.Value : null) ?? "", StringComparer.Ordinal);
        return new TemplateFile(shownAs, body, parameters, Names(root, "Outputs")) { ResourceTypes = types };
    }

    /// <summary>The text for a TemplateBody request, which CloudFormation limits to 51,200 bytes; larger templates go through S3.</summary>
    public string InlineBody()
    {
        var bytes = System.Text.Encoding.UTF8.GetByteCount(Body);
        return bytes <= MaxBodyBytes
            ? Body
            : throw new BuildException($"The template {Path} is {bytes} bytes; CloudFormation takes at most 51,200 bytes as a TemplateBody: upload it to S3 and pass its TemplateURL.");
    }

    static YamlMappingNode? Section(YamlMappingNode root, string name) =>
        root.Children.TryGetValue(new YamlScalarNode(name), out var node) ? node as YamlMappingNode : null;

    static List<string> Names(YamlMappingNode root, string section) =>
        Section(root, section)?.Children.Keys.OfType<YamlScalarNode>().Select(k => k.Value ?? "").ToList() ?? [];
}
