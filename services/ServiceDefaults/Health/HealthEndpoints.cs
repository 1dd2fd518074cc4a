using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Platform.ServiceDefaults.Logging;

namespace Platform.ServiceDefaults.Health;

internal static class HealthEndpoints
{
    /// <summary>
    /// <c>/health</c>: 200 <c>{"status":"ok","checks":{...}}</c> or 503 <c>"degraded"</c>, a boolean per deep check.
    /// Checks that carry data (e.g. a consumer's state) add it under <c>"details"</c>.
    /// <c>/health/live</c>: 200 without touching any dependency, for the ALB and the ECS container check.
    /// </summary>
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder endpoints, string prefix)
    {
        // Mapped without a group so the route templates (which the request log prints) carry no trailing slash.
        endpoints.MapGet(prefix + "/health", async (HealthReportCache cache) => Render(await cache.GetAsync())).WithTags("Health");
        // Probed every few seconds by the ALB and ECS: a log line each would cost more than the probe.
        endpoints.MapGet(prefix + "/health/live", () => TypedResults.Json(new JsonObject { ["status"] = "ok" })).WithTags("Health").WithMetadata(new NotLoggedAttribute());
        return endpoints;
    }

    internal static IResult Render(HealthReport report)
    {
        var healthy = report.Status == HealthStatus.Healthy;
        var checks = new JsonObject();
        var details = new JsonObject();
        foreach (var (name, entry) in report.Entries.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            checks[name] = entry.Status == HealthStatus.Healthy;
            if (entry.Data.Count > 0)
            {
                details[name] = new JsonObject(entry.Data.Select(d => KeyValuePair.Create(d.Key, JsonValue.Create(d.Value?.ToString()) as JsonNode)));
            }
        }

        var body = new JsonObject { ["status"] = healthy ? "ok" : "degraded", ["checks"] = checks };
        if (details.Count > 0)
        {
            body["details"] = details;
        }

        return TypedResults.Json(body, statusCode: healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }
}
