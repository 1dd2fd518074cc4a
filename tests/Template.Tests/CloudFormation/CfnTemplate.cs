namespace Platform.Template.Tests.CloudFormation;

public sealed record CfnResource(string LogicalId, string Type, string? Condition, Map Properties, Map Definition);

/// <summary>A parsed template with its sections; resources keep their logical IDs.</summary>
public sealed class CfnTemplate
{
    CfnTemplate(Map root, long sizeInBytes)
    {
        Root = root;
        SizeInBytes = sizeInBytes;
        Parameters = Section("Parameters");
        Conditions = Section("Conditions");
        Outputs = Section("Outputs");
        Resources = Section("Resources").ToDictionary(
            kv => kv.Key,
            kv =>
            {
                var definition = kv.Value.AsMap();
                var properties = definition.TryGetValue("Properties", out var p) ? p.AsMap() : new Dictionary<string, object?>();
                return new CfnResource(kv.Key, definition.At("Type").AsString(), definition.At("Condition") as string, properties, definition);
            },
            StringComparer.Ordinal);
    }

    public Map Root { get; }
    public long SizeInBytes { get; }
    public Map Parameters { get; }
    public Map Conditions { get; }
    public Map Outputs { get; }
    public IReadOnlyDictionary<string, CfnResource> Resources { get; }

    public static CfnTemplate Load(string path) =>
        new(CfnYaml.Parse(File.ReadAllText(path)), new FileInfo(path).Length);

    public IReadOnlyList<CfnResource> OfType(string type) =>
        Resources.Values.Where(r => r.Type == type).OrderBy(r => r.LogicalId, StringComparer.Ordinal).ToList();

    public CfnResource Resource(string logicalId) =>
        Resources.TryGetValue(logicalId, out var resource)
            ? resource
            : throw new KeyNotFoundException($"The template has no resource '{logicalId}'.");

    Map Section(string name) =>
        Root.TryGetValue(name, out var section) && section is Map map ? map : new Dictionary<string, object?>();
}

/// <summary>The template, parsed once per test run.</summary>
public static class PlatformTemplate
{
    static readonly Lazy<CfnTemplate> Loaded = new(() => CfnTemplate.Load(RepositoryPaths.TemplateFile));

    public static CfnTemplate Instance => Loaded.Value;
}
