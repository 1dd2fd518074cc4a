using BuildCore;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Platform.Build.Deploy;

/// <summary>The template as the deploy needs it: its text and parameters, checked before any AWS call. Path is as messages show it.</summary>
public sealed record TemplateFile(string Path, string Body, IReadOnlyList<TemplateParameter> Parameters, IReadOnlyList<string> OutputNames)
{
    public IReadOnlyList<string> ParameterNames => [.. Parameters.Select(p => p.Name)];

    /// <summary>CloudFormation's limit for a TemplateBody; larger templates must go through S3.</summary>
    public const int MaxBodyBytes = 51_200;

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
        if (bytes > MaxBodyBytes)
            throw new BuildException($"The template {shownAs} is {bytes} bytes; CloudFormation takes at most {MaxBodyBytes} bytes as a TemplateBody.");

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
        return new TemplateFile(shownAs, body, parameters, Names(root, "Outputs"));
    }

    static YamlMappingNode? Section(YamlMappingNode root, string name) =>
        root.Children.TryGetValue(new YamlScalarNode(name), out var node) ? node as YamlMappingNode : null;

    static List<string> Names(YamlMappingNode root, string section) =>
        Section(root, section)?.Children.Keys.OfType<YamlScalarNode>().Select(k => k.Value ?? "").ToList() ?? [];
}
