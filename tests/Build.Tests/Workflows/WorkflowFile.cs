using YamlDotNet.RepresentationModel;

namespace BuildTests.Workflows;

/// <summary>A GitHub Actions workflow read as YAML: its build commands, actions, jobs and permissions.</summary>
internal sealed class WorkflowFile
{
    public static string Directory { get; } = Path.Combine(BuildRun.RepositoryRoot, ".github", "workflows");

    WorkflowFile(string name, YamlMappingNode root) => (Name, Root) = (name, root);

    public string Name { get; }

    public YamlMappingNode Root { get; }

    public static IReadOnlyList<WorkflowFile> All() =>
        System.IO.Directory.GetFiles(Directory, "*.yml").Order(StringComparer.Ordinal).Select(Load).ToList();

    public static WorkflowFile Load(string path)
    {
        var yaml = new YamlStream();
        using (var reader = File.OpenText(path))
            yaml.Load(reader);
        return new WorkflowFile(Path.GetFileName(path), (YamlMappingNode)yaml.Documents[0].RootNode);
    }

    public IEnumerable<YamlMappingNode> Jobs => ((YamlMappingNode)Root["jobs"]).Children.Values.Cast<YamlMappingNode>();

    public IEnumerable<YamlMappingNode> Steps => Jobs.SelectMany(job => ((YamlSequenceNode)job["steps"]).Cast<YamlMappingNode>());

    /// <summary>Every <c>./build.sh …</c> line in the steps' run scripts.</summary>
    public IEnumerable<string> BuildCommands => Steps
        .Where(step => step.Children.ContainsKey("run"))
        .SelectMany(step => ((YamlScalarNode)step["run"]).Value!.Split('\n'))
        .Select(line => line.Trim())
        .Where(line => line.StartsWith("./build.sh", StringComparison.Ordinal));

    public IEnumerable<string> ActionReferences => Steps
        .Where(step => step.Children.ContainsKey("uses"))
        .Select(step => ((YamlScalarNode)step["uses"]).Value!);

    public static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(key, out var value) && value is YamlScalarNode scalar ? scalar.Value : null;
}
