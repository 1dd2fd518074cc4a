using System.Globalization;
using Platform.Build.Local.Docker;

namespace Platform.Build.Local.Bench;

/// <summary>
/// How far billing's outbox is behind while a run goes on: the age of the oldest unsent row, sampled once a second
/// from PostgreSQL (0 when nothing waits). The target is that it never passes 1 s at 500 invoices/s.
/// </summary>
public static class OutboxLag
{
    private const string Query = "SELECT coalesce(extract(epoch FROM clock_timestamp() - min(created_at)), 0) FROM billing.outbox WHERE sent_at IS NULL";

    /// <summary>Samples for <paramref name="length"/>; returns the lags seen, in seconds.</summary>
    public static async Task<IReadOnlyList<double>> SampleAsync(DockerCli docker, string postgresContainer, TimeSpan length, CancellationToken cancellationToken)
    {
        var seen = new List<double>();
        var until = DateTimeOffset.UtcNow + length;
        while (DateTimeOffset.UtcNow < until)
        {
            var output = await docker.RunCheckedAsync(new DockerCommand(["exec", postgresContainer, "psql", "-U", "platform", "-d", "platform", "-tAc", Query]), cancellationToken: cancellationToken);
            seen.Add(Seconds(output));
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        }

        return seen;
    }

    /// <summary>psql's unaligned output: one number of seconds.</summary>
    public static double Seconds(string psqlOutput) =>
        double.Parse(psqlOutput.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture);
}
