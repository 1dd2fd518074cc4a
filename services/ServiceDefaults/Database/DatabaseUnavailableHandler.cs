using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Platform.ServiceDefaults.Database;

/// <summary>
/// A stalled, unreachable or saturated database (deadline passed, pool exhausted, too many clients) is the service's
/// problem, not the client's: 503 with Retry-After and a problem document instead of a 500.
/// </summary>
internal sealed partial class DatabaseUnavailableHandler(IProblemDetailsService problems, ILogger<DatabaseUnavailableHandler> logger) : IExceptionHandler
{
    public const int RetryAfterSeconds = 1;

    private const string RetryAfter = "1";

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (!IsDatabaseUnavailable(exception))
        {
            return false;
        }

        LogUnavailable(logger, exception.GetType().Name);
        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = RetryAfter;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails =
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "The database is not answering in time",
                Detail = $"Nothing was saved. Retry in {RetryAfterSeconds} s; an Idempotency-Key can be reused.",
            },
        });
    }

    /// <summary>
    /// The deadline's cancellation, Npgsql's and PostgreSQL's timeouts (pool wait, connect, command), transient refusals,
    /// and a refused password: a new connection opened in the seconds between a password change and the service reading
    /// the new one (docs/operations.md) is the service's problem, and a retry a second later gets through.
    /// </summary>
    internal static bool IsDatabaseUnavailable(Exception exception) => exception switch
    {
        OperationCanceledException or TimeoutException => true,
        NpgsqlException { IsTransient: true } => true,
        PostgresException { SqlState: PostgresErrorCodes.InvalidPassword } => true,
        // The server's own statement_timeout (DatabaseOptions.ServerStatementTimeout), should it fire before the client's.
        PostgresException { SqlState: PostgresErrorCodes.QueryCanceled } => true,
        NpgsqlException { InnerException: { } inner } => IsDatabaseUnavailable(inner),
        _ => false,
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Database unavailable ({Reason}): answered 503")]
    private static partial void LogUnavailable(ILogger logger, string reason);
}
