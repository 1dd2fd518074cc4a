using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Platform.ServiceDefaults;

public static class ServiceRunner
{
    /// <summary>
    /// Runs the service until SIGTERM. A configuration or start-up error ends it with exit code 1 and ONE line on
    /// stderr naming what is wrong (e.g. <c>configuration error: DB_HOST is required</c>), not a stack trace.
    /// </summary>
    public static async Task<int> RunServiceAsync(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        try
        {
            // Validate before the host starts: the host would log a configuration error with a stack trace first.
            app.Services.GetService<IStartupValidator>()?.Validate();
            await app.RunAsync();
            return 0;
        }
        catch (OperationCanceledException) when (app.Lifetime.ApplicationStopping.IsCancellationRequested)
        {
            // SIGTERM arrived while starting (e.g. still waiting for the database): a clean stop, not a crash.
            return 0;
        }
        catch (Exception exception) when (StartupErrors.Describe(exception) is { } line)
        {
            await Console.Error.WriteLineAsync(line);
            return 1;
        }
    }
}

public static class StartupErrors
{
    /// <summary>The one line to print for a start-up failure the operator can fix, or null for a bug.</summary>
    public static string? Describe(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var failures = Flatten(exception).OfType<OptionsValidationException>().SelectMany(e => e.Failures).Distinct().ToList();
        if (failures.Count > 0)
        {
            return "configuration error: " + string.Join("; ", failures);
        }

        return Flatten(exception).OfType<StartupException>().FirstOrDefault() is { } startup
            ? "startup error: " + startup.Message.ReplaceLineEndings(" ")
            : null;
    }

    private static IEnumerable<Exception> Flatten(Exception exception) => exception switch
    {
        AggregateException aggregate => aggregate.InnerExceptions.SelectMany(Flatten).Prepend(aggregate),
        { InnerException: { } inner } => Flatten(inner).Prepend(exception),
        _ => [exception],
    };
}
