using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace Platform.Build.Local.Smoke;

/// <summary>
/// Asks the trace viewer (the Aspire dashboard's <c>GET /api/telemetry/traces/{traceId}</c>, OTLP JSON) for the flow's
/// trace until spans of at least <see cref="MinimumServices"/> services have arrived: proof that the services export
/// and that the trace context crossed the services, the outbox and the queue. Exporters batch, so it polls.
/// </summary>
public sealed class FlowTraceCheck(HttpClient http, TextWriter log)
{
    public const int MinimumServices = 3;

    public async Task<IReadOnlyList<string>> RunAsync(Uri dashboardUrl, ActivityTraceId traceId, TimeSpan budget, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dashboardUrl);
        var url = new Uri(dashboardUrl, $"/api/telemetry/traces/{traceId}");
        var clock = Stopwatch.StartNew();
        var services = new List<string>();
        var spans = 0;
        var lastProblem = "";
        while (true)
        {
            try
            {
                using var response = await http.GetAsync(url, cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    (services, spans) = Read(await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken));
                    lastProblem = "";
                }
                else
                {
                    lastProblem = $"{url} answered {(int)response.StatusCode}";
                }
            }
            catch (Exception exception) when (exception is HttpRequestException or JsonException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                lastProblem = $"{url}: {exception.Message}";
            }

            if (services.Count >= MinimumServices)
            {
                log.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  trace {traceId}: {spans} spans from {string.Join(", ", services)} after {clock.Elapsed.TotalSeconds:0.0} s — {new Uri(dashboardUrl, $"/traces/detail/{traceId}")}"));
                return services;
            }

            if (clock.Elapsed >= budget)
            {
                var problem = lastProblem.Length > 0 ? $"; last problem: {lastProblem}" : "";
                throw new PlatformException(string.Create(CultureInfo.InvariantCulture,
                    $"flow trace: {traceId} has spans from {services.Count} service(s) [{string.Join(", ", services)}] after {budget.TotalSeconds:0} s, expected at least {MinimumServices}{problem}"));
            }

            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        }
    }

    /// <summary>The distinct service.name of the resources that sent spans, and how many spans.</summary>
    internal static (List<string> Services, int Spans) Read(JsonElement document)
    {
        var services = new SortedSet<string>(StringComparer.Ordinal);
        var spans = 0;
        if (document.TryGetProperty("data", out var data) && data.TryGetProperty("resourceSpans", out var resourceSpans) && resourceSpans.ValueKind == JsonValueKind.Array)
        {
            foreach (var resource in resourceSpans.EnumerateArray())
            {
                var count = resource.TryGetProperty("scopeSpans", out var scopes) && scopes.ValueKind == JsonValueKind.Array
                    ? scopes.EnumerateArray().Sum(scope => scope.TryGetProperty("spans", out var list) && list.ValueKind == JsonValueKind.Array ? list.GetArrayLength() : 0)
                    : 0;
                spans += count;
                if (count > 0 && ServiceName(resource) is { } name)
                {
                    services.Add(name);
                }
            }
        }

        return ([.. services], spans);
    }

    private static string? ServiceName(JsonElement resource) =>
        resource.TryGetProperty("resource", out var r) && r.TryGetProperty("attributes", out var attributes) && attributes.ValueKind == JsonValueKind.Array
            ? attributes.EnumerateArray()
                .Where(a => a.TryGetProperty("key", out var key) && key.GetString() == "service.name")
                .Select(a => a.GetProperty("value").TryGetProperty("stringValue", out var value) ? value.GetString() : null)
                .FirstOrDefault()
            : null;
}
