using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Platform.Template.Tests.Guard;

public sealed record GuardWaiver(string Rule, string Reason);

/// <summary>cloudformation/guard-waivers.yaml: the Control Tower rules the template fails on purpose, each with a reason.</summary>
public static class GuardWaivers
{
    public static IReadOnlyList<GuardWaiver> Load(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"Waivers file {path} is missing (an empty `waivers: []` is fine).", path);

        WaiverFile? file;
        try
        {
            file = new DeserializerBuilder().WithNamingConvention(CamelCaseNamingConvention.Instance).Build()
                .Deserialize<WaiverFile>(File.ReadAllText(path));
        }
        catch (YamlException e)
        {
            throw new FormatException($"{path}, line {e.Start.Line}: {e.InnerException?.Message ?? e.Message}", e);
        }

        var waivers = (file?.Waivers ?? []).Select((w, i) => new GuardWaiver(
            string.IsNullOrWhiteSpace(w.Rule) ? throw new FormatException($"{path}: waiver #{i + 1} has no 'rule'.") : w.Rule.Trim(),
            (w.Reason ?? "").Trim())).ToList();

        var duplicate = waivers.GroupBy(w => w.Rule, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new FormatException($"{path}: rule '{duplicate.Key}' is waived twice.");
        return waivers;
    }

    // Deserialization targets; YamlDotNet rejects unknown keys, so a misspelt 'reason' is an error, not an empty reason.
    sealed class WaiverFile
    {
        public List<WaiverEntry>? Waivers { get; set; }
    }

    sealed class WaiverEntry
    {
        public string? Rule { get; set; }
        public string? Reason { get; set; }
    }
}
