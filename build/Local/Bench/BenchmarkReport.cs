using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Platform.Build.Local.Bench;

/// <summary>The table as Markdown (printed and written to results.md) and as results.json, with the machine and date.</summary>
public static class BenchmarkReport
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static string Markdown(IReadOnlyList<BenchmarkFigure> figures, DateTimeOffset when)
    {
        ArgumentNullException.ThrowIfNull(figures);
        var text = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"Measured {when:yyyy-MM-dd HH:mm} UTC on {Environment.MachineName}, {Environment.ProcessorCount} cores, everything co-located; bare API and services loaded straight at their containers, the gateway's share in its own rows.")
            .AppendLine()
            .AppendLine("| figure | value | ratio to bare | detail | target |")
            .AppendLine("|---|---|---|---|---|");
        foreach (var f in figures)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {f.Figure} | {f.Value:0.0} | {f.RatioToBare} | {f.Detail} | {f.Verdict} |");
        }

        return text.ToString();
    }

    public static async Task WriteAsync(string directory, IReadOnlyList<BenchmarkFigure> figures, DateTimeOffset when, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        await File.WriteAllTextAsync(Path.Combine(directory, "results.md"), Markdown(figures, when), cancellationToken);
        await File.WriteAllTextAsync(
            Path.Combine(directory, "results.json"),
            JsonSerializer.Serialize(new { measuredAt = when, machine = Environment.MachineName, cores = Environment.ProcessorCount, figures }, Json),
            cancellationToken);
    }
}
