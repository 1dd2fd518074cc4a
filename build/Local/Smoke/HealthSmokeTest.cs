using System.Diagnostics;
using System.Globalization;
using System.Text;
using Platform.Build.Local.Platform;

namespace Platform.Build.Local.Smoke;

public sealed record SmokeResult(string Service, string Path, bool Passed, int? StatusCode, string LastResponse, int Attempts, TimeSpan Elapsed);

public sealed record SmokeReport(Uri BaseUrl, IReadOnlyList<SmokeResult> Results)
{
    public bool Passed => Results.All(r => r.Passed);

    /// <summary>A fixed-width table for the console.</summary>
    public string ToTable()
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"{"service",-22}{"endpoint",-20}{"result",-8}{"status",-8}{"tries",-7}time");
        foreach (var r in Results)
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"{r.Service,-22}{r.Path,-20}{(r.Passed ? "ok" : "FAILED"),-8}{r.StatusCode?.ToString(CultureInfo.InvariantCulture) ?? "-",-8}{r.Attempts,-7}{r.Elapsed.TotalSeconds:0.0} s");
        }

        return text.ToString().TrimEnd();
    }

    /// <summary>Fails naming each failed service and its last response.</summary>
    public void EnsureSuccess()
    {
        var failed = Results.Where(r => !r.Passed).ToList();
        if (failed.Count > 0)
        {
            throw new PlatformException("smoke test failed at " + BaseUrl + ": "
                + string.Join("; ", failed.Select(r => $"{r.Service} {r.Path} last answered: {r.LastResponse}")));
        }
    }
}

/// <summary>
/// The four deep health endpoints through one base URL (the gateway locally, the ALB in AWS), each retried until it
/// answers 200 with <c>{"status":"ok",...}</c> or the shared budget runs out.
/// </summary>
public sealed class HealthSmokeTest(HttpClient http, TextWriter log)
{
    public async Task<SmokeReport> RunAsync(Uri baseUrl, TimeSpan budget, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        var deadline = Stopwatch.StartNew();
        var results = await Task.WhenAll(PlatformServices.All.Select(service => CheckAsync(baseUrl, service, budget, deadline, cancellationToken)));
        var report = new SmokeReport(baseUrl, results);
        log.WriteLine(report.ToTable());
        return report;
    }

    private async Task<SmokeResult> CheckAsync(Uri baseUrl, PlatformService service, TimeSpan budget, Stopwatch deadline, CancellationToken cancellationToken)
    {
        var url = new Uri(baseUrl, service.HealthPath);
        var clock = Stopwatch.StartNew();
        var attempts = 0;
        var nextProgress = Wait.ProgressInterval;
        while (true)
        {
            attempts++;
            var probe = await HealthProbe.GetAsync(http, url, cancellationToken);
            var status = int.TryParse(probe.State.Split(' ')[0], CultureInfo.InvariantCulture, out var code) ? code : (int?)null;
            if (probe.Done || deadline.Elapsed >= budget)
            {
                return new SmokeResult(service.Name, service.HealthPath, probe.Done, status, probe.State, attempts, clock.Elapsed);
            }

            if (clock.Elapsed >= nextProgress)
            {
                log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  waiting for {url}: {probe.State} ({deadline.Elapsed.TotalSeconds:0} s of {budget.TotalSeconds:0} s)"));
                nextProgress += Wait.ProgressInterval;
            }

            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        }
    }
}
