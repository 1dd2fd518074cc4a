using System.Globalization;
using System.Text.RegularExpressions;
using CliWrap;
using CliWrap.Buffered;

namespace Platform.Build.Local.Bench;

/// <summary>Closed-loop load with wrk (Debian's package): -t1 -cN for a duration, optional Lua script; parses its report.</summary>
public static partial class WrkRun
{
    public static async Task<LoadResult> RunAsync(string name, Uri url, int connections, TimeSpan duration, IReadOnlyList<string> headers, string? script, CancellationToken cancellationToken)
    {
        var arguments = new List<string> { "-t1", $"-c{connections}", $"-d{(int)duration.TotalSeconds}s", "--latency" };
        foreach (var header in headers)
        {
            arguments.AddRange(["-H", header]);
        }

        if (script is not null)
        {
            arguments.AddRange(["-s", script]);
        }

        arguments.Add(url.ToString());
        var result = await Cli.Wrap("wrk").WithArguments(arguments).WithValidation(CommandResultValidation.None).ExecuteBufferedAsync(cancellationToken);
        if (result.ExitCode != 0)
        {
            throw new PlatformException($"wrk failed ({result.ExitCode}): {result.StandardError.Trim()}");
        }

        return Parse(name, result.StandardOutput);
    }

    internal static LoadResult Parse(string name, string report)
    {
        var requests = long.Parse(RequestsLine().Match(report).Groups[1].Value, CultureInfo.InvariantCulture);
        var rate = double.Parse(RateLine().Match(report).Groups[1].Value, CultureInfo.InvariantCulture);
        var non2xx = NonSuccessLine().Match(report) is { Success: true } m ? long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        var socket = SocketErrors().Matches(report).Sum(e => long.Parse(e.Groups[1].Value, CultureInfo.InvariantCulture));
        return new LoadResult(name, rate, Percentile(report, "50"), Percentile(report, "99"), requests, non2xx + socket);
    }

    private static double Percentile(string report, string percent)
    {
        var match = Regex.Match(report, $@"^\s+{percent}(?:\.000)?%\s+([\d.]+)(us|ms|s)\s*$", RegexOptions.Multiline);
        var value = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        return match.Groups[2].Value switch { "us" => value / 1000, "s" => value * 1000, _ => value };
    }

    [GeneratedRegex(@"(\d+) requests in")]
    private static partial Regex RequestsLine();

    [GeneratedRegex(@"Requests/sec:\s+([\d.]+)")]
    private static partial Regex RateLine();

    [GeneratedRegex(@"Non-2xx or 3xx responses:\s+(\d+)")]
    private static partial Regex NonSuccessLine();

    [GeneratedRegex(@"(?:connect|read|write|timeout) (\d+)")]
    private static partial Regex SocketErrors();
}
