using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Platform.ServiceDefaults.Telemetry;

public static class TelemetryExtensions
{
    /// <summary>Npgsql's own ActivitySource: one span per command, with the statement text (parameters are never recorded).</summary>
    public const string NpgsqlSourceName = "Npgsql";

    /// <summary>
    /// Our metrics (<see cref="PlatformMetrics"/>) always; traces and metrics leave over OTLP only when
    /// OTEL_EXPORTER_OTLP_ENDPOINT is set. Without it no OpenTelemetry provider is built: no source has a listener,
    /// so no span is even created, and instruments with no listener cost a branch.
    /// The exporter reads the standard OTEL_* variables itself (OTEL_EXPORTER_OTLP_PROTOCOL, OTEL_BSP_SCHEDULE_DELAY, …).
    /// </summary>
    public static WebApplicationBuilder AddTelemetry(this WebApplicationBuilder builder, PlatformService service)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(service);
        builder.Services.AddMetrics();
        builder.Services.AddSingleton<PlatformMetrics>();
        builder.Services.AddOptions<TelemetryOptions>().Configure<IConfiguration>(TelemetryOptions.Bind).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<TelemetryOptions>, TelemetryOptionsValidator>();
        if (string.IsNullOrWhiteSpace(builder.Configuration[TelemetryOptions.EndpointVariable]))
        {
            return builder;
        }

        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(service.Name, serviceVersion: service.MigrationsAssembly.GetName().Version?.ToString()))
            .WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation(options => options.Filter = context => !IsLivenessProbe(context))
                .AddHttpClientInstrumentation()
                .AddSource(NpgsqlSourceName)
                .AddSource(EventTracing.SourceName)
                .AddProcessor(new DatabaseSpanFilter())
                .AddOtlpExporter())
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter(PlatformMetrics.MeterName)
                .AddOtlpExporter());
        return builder;
    }

    /// <summary>Runs <paramref name="work"/> without any span: background polls would otherwise start a trace every few seconds.</summary>
    public static async Task<T> UntracedAsync<T>(Func<Task<T>> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        using var _ = SuppressInstrumentationScope.Begin();
        return await work();
    }

    // The ALB and ECS probe it every few seconds: a trace each would drown the real ones.
    private static bool IsLivenessProbe(HttpContext context) =>
        context.Request.Path.Value?.EndsWith("/health/live", StringComparison.Ordinal) == true;
}
