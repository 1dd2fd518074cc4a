using System.Globalization;
using Platform.Build.Local.Docker;

namespace Platform.Build.Local.Bench;

/// <summary>
/// CPU per container at one moment of a run (<c>docker stats --no-stream</c>: the share of one core each used over about
/// a second), busiest first, so a saturated machine's figure says who had the cores.
/// </summary>
public static class ContainerCpu
{
    public static async Task<IReadOnlyList<(string Container, double PercentOfACore)>> SampleAsync(DockerCli docker, string namePrefix, CancellationToken cancellationToken)
    {
        var output = await docker.RunCheckedAsync(new DockerCommand(["stats", "--no-stream", "--format", "{{.Name}}\t{{.CPUPerc}}"]), cancellationToken: cancellationToken);
        return Parse(output, namePrefix);
    }

    public static IReadOnlyList<(string Container, double PercentOfACore)> Parse(string statsOutput, string namePrefix)
    {
        ArgumentNullException.ThrowIfNull(statsOutput);
        return statsOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split('\t'))
            .Where(fields => fields.Length == 2 && fields[0].StartsWith(namePrefix, StringComparison.Ordinal)
                && double.TryParse(fields[1].TrimEnd('%'), NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            .Select(fields => (fields[0][namePrefix.Length..], double.Parse(fields[1].TrimEnd('%'), CultureInfo.InvariantCulture)))
            .OrderByDescending(c => c.Item2)
            .ToList();
    }

    public static string Describe(IReadOnlyList<(string Container, double PercentOfACore)> sample) =>
        string.Join(", ", sample.Take(6).Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Container} {c.PercentOfACore:0}%")));
}
