using System.Globalization;
using Platform.Build.Local.Docker;

namespace Platform.Build.Local.Bench;

/// <summary>
/// What one service's database sessions are doing while a run goes on, sampled from pg_stat_activity once a second:
/// working, waiting on a lock or on the WAL, or idle in a transaction while the service computes. A p99 spent in the
/// service shows here as the state its connections were caught in.
/// </summary>
public static class DatabaseWaits
{
    public static async Task<IReadOnlyList<(string State, double Share)>> SampleAsync(
        DockerCli docker, string postgresContainer, string databaseUser, TimeSpan length, CancellationToken cancellationToken)
    {
        var query = "SELECT coalesce(wait_event_type || ':' || wait_event, 'running') || ' (' || state || ')' FROM pg_stat_activity "
            + $"WHERE usename = '{databaseUser}'";
        var seen = new List<string>();
        var until = DateTimeOffset.UtcNow + length;
        while (DateTimeOffset.UtcNow < until)
        {
            var output = await docker.RunCheckedAsync(new DockerCommand(["exec", postgresContainer, "psql", "-U", "platform", "-d", "platform", "-tAc", query]), cancellationToken: cancellationToken);
            seen.AddRange(output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        }

        return Shares(seen);
    }

    public static IReadOnlyList<(string State, double Share)> Shares(IReadOnlyCollection<string> samples) =>
        samples.GroupBy(s => s, StringComparer.Ordinal)
            .Select(g => (g.Key, (double)g.Count() / samples.Count))
            .OrderByDescending(s => s.Item2)
            .ThenBy(s => s.Key, StringComparer.Ordinal)
            .ToList();

    public static string Describe(IReadOnlyList<(string State, double Share)> shares) =>
        string.Join(", ", shares.Take(4).Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.State} {s.Share * 100:0}%")));
}
