using System.Globalization;
using System.Text.Json;
using Platform.Build.Local.Docker;

namespace Platform.Build.Local.Bench;

/// <summary>
/// How long the service itself took per request, from its request log (one JSON line per request with DurationMs):
/// set beside the load generator's figure it tells time in the service from time queued before it.
/// </summary>
public static class ServiceLatency
{
    public static async Task<List<double>> ReadAsync(
        DockerCli docker, string container, string method, string route, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var since = from.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var until = (to.ToUnixTimeSeconds() + 1).ToString(CultureInfo.InvariantCulture);
        var log = await docker.RunCheckedAsync(new DockerCommand(["logs", "--since", since, "--until", until, container]), cancellationToken: cancellationToken);
        var durations = new List<double>();
        foreach (var line in log.Split('\n'))
        {
            if (!line.Contains("\"DurationMs\"", StringComparison.Ordinal))
                continue;
            using var entry = JsonDocument.Parse(line);
            var state = entry.RootElement.GetProperty("State");
            var at = entry.RootElement.GetProperty("Timestamp").GetDateTimeOffset();
            if (at >= from && at <= to && state.GetProperty("Method").GetString() == method && state.GetProperty("Route").GetString()?.TrimEnd('/') == route)
                durations.Add(state.GetProperty("DurationMs").GetDouble());
        }

        durations.Sort();
        return durations;
    }
}
