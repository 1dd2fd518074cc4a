using Amazon.SQS;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Platform.ServiceDefaults.Configuration;
using Platform.ServiceDefaults.Database;
using Platform.ServiceDefaults.Database.Credentials;
using Platform.ServiceDefaults.Health;
using Platform.ServiceDefaults.Http;
using Platform.ServiceDefaults.Logging;
using Platform.ServiceDefaults.Telemetry;

namespace Platform.ServiceDefaults;

public static class ServiceDefaultsExtensions
{
    /// <summary>
    /// ECS sends SIGKILL 30 s (the container's StopTimeout) after SIGTERM: 28 s lets the events consumer's last long poll
    /// (at most 20 s) and its batch finish, with 2 s to spare.
    /// </summary>
    public static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(28);

    /// <summary>
    /// The plumbing every service shares: validated configuration, JSON logs, problem details, the PostgreSQL data
    /// source and schema migrations, the SQS client and the deep health checks.
    /// </summary>
    public static WebApplicationBuilder AddServiceDefaults(this WebApplicationBuilder builder, PlatformService service)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(service);
        var services = builder.Services;
        services.AddSingleton(service);

        builder.AddJsonLogging();
        builder.AddTelemetry(service);

        services.AddOptions<DatabaseOptions>().Configure<IConfiguration>(DatabaseOptions.Bind).ValidateOnStart();
        services.AddSingleton<IValidateOptions<DatabaseOptions>, DatabaseOptionsValidator>();
        services.AddOptions<SqsOptions>().Configure<IConfiguration>(SqsOptions.Bind).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SqsOptions>, SqsOptionsValidator>();

        services.Configure<HostOptions>(options => options.ShutdownTimeout = ShutdownTimeout);

        services.AddProblemDetails();
        services.AddHttpHardening();
        services.AddExceptionHandler<DatabaseUnavailableHandler>();
        // Malformed JSON and friends raise BadHttpRequestException (in Development; elsewhere the framework answers 400
        // itself): a 400 problem, not a 500, and the client's mistake is not logged as the service's error with a stack
        // trace (the request line records the 400). What an IExceptionHandler answered stays unlogged, as by default.
        services.Configure<ExceptionHandlerOptions>(options =>
        {
            options.StatusCodeSelector = exception => exception is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError;
            options.SuppressDiagnosticsCallback = context =>
                context.Exception is BadHttpRequestException || context.ExceptionHandledBy == ExceptionHandledType.ExceptionHandlerService;
        });

        services.AddDatabaseConnections();
        services.AddSingleton(provider => provider.GetRequiredService<DatabaseConnections>().CreateForRequests(service.Name));
        // Migrations take their own connection with start-up timeouts: a request's 3 s deadline is not for DDL.
        services.AddKeyedSingleton(SchemaMigrator.DataSourceKey, (provider, _) =>
            provider.GetRequiredService<DatabaseConnections>().Create($"{service.Name}-migrations", pooling: false));
        services.AddSingleton(provider => ActivatorUtilities.CreateInstance<SchemaMigrator>(
            provider, provider.GetRequiredKeyedService<NpgsqlDataSource>(SchemaMigrator.DataSourceKey)));
        services.AddHostedService<MigrationHostedService>();

        services.AddSingleton<IAmazonSQS>(provider => SqsClientFactory.Create(provider.GetRequiredService<IOptions<SqsOptions>>().Value));

        services.AddSingleton<DbTcpHealthCheck>();
        services.AddHealthChecks()
            .AddCheck<DbTcpHealthCheck>(HealthDefaults.DbTcp, tags: [HealthDefaults.DeepTag], timeout: HealthDefaults.ProbeTimeout)
            .AddCheck<SqsAccessHealthCheck>(HealthDefaults.SqsAccess, tags: [HealthDefaults.DeepTag], timeout: HealthDefaults.ProbeTimeout);
        services.AddSingleton(provider => new HealthReportCache(
            provider.GetRequiredService<Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckService>(),
            TimeProvider.System,
            CacheDuration(provider.GetRequiredService<IConfiguration>())));

        return builder;
    }

    /// <summary>The middleware order matters: the request log wraps everything, so it sees the final status.</summary>
    public static WebApplication UseServiceDefaults(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseMiddleware<RequestLogMiddleware>();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseCharsetGuard();
        app.UseMiddleware<RequestDeadlineMiddleware>();
        return app;
    }

    /// <summary>Maps <c>/&lt;prefix&gt;/health</c> and <c>/&lt;prefix&gt;/health/live</c>.</summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapHealthEndpoints(app.Services.GetRequiredService<PlatformService>().RoutePrefix);
        return app;
    }

    private static void AddJsonLogging(this WebApplicationBuilder builder)
    {
        builder.Logging.ClearProviders();
        // The framework's JSON shape plus trace_id and span_id (TracedJsonFormatter).
        builder.Logging.AddConsole(options => options.FormatterName = TracedJsonFormatter.FormatterName)
            .AddConsoleFormatter<TracedJsonFormatter, Microsoft.Extensions.Logging.Console.ConsoleFormatterOptions>();
        // The framework's own per-request lines would double ours; its warnings and errors still come through.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
    }

    private static TimeSpan CacheDuration(IConfiguration configuration) =>
        int.TryParse(configuration[EnvironmentVariables.HealthCacheSeconds], System.Globalization.CultureInfo.InvariantCulture, out var seconds) && seconds >= 0
            ? TimeSpan.FromSeconds(seconds)
            : HealthDefaults.CacheDuration;
}
