using System.Text.Json;

namespace BuildCore;

/// <summary>
/// How long each test project took in the last full run (artifacts/test-durations.json), so the next run can start the
/// longest first. A missing or unreadable file is no history: the order is then a first run's.
/// </summary>
public static class TestDurations
{
    static readonly JsonSerializerOptions s_indented = new() { WriteIndented = true };

    public static IReadOnlyDictionary<string, double> Read(string path)
    {
        try
        {
            return File.Exists(path)
                ? JsonSerializer.Deserialize<Dictionary<string, double>>(File.ReadAllText(path)) ?? []
                : new Dictionary<string, double>();
        }
        catch (JsonException)
        {
            return new Dictionary<string, double>();
        }
    }

    /// <summary>The previous durations with this run's on top (a project this run did not run keeps its old figure).</summary>
    public static void Write(string path, IReadOnlyDictionary<string, double> previous, IEnumerable<TestModuleOutcome> outcomes)
    {
        ArgumentNullException.ThrowIfNull(previous);
        ArgumentNullException.ThrowIfNull(outcomes);
        var merged = new SortedDictionary<string, double>(previous.ToDictionary(), StringComparer.Ordinal);
        foreach (var outcome in outcomes)
            merged[outcome.Module.Name] = Math.Round(outcome.Duration.TotalSeconds, 1);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, JsonSerializer.Serialize(merged, s_indented));
    }
}
