using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace Platform.ServiceDefaults.Logging;

/// <summary>
/// One log line per request: method, route template, status, duration. Deliberately nothing else: no headers,
/// query strings or bodies, which carry tokens and passwords. The route template (not the path) keeps ids out too.
/// Endpoints marked <see cref="NotLoggedAttribute"/> (the liveness probe, polled every few seconds by the ALB and ECS)
/// write nothing. The source-generated call allocates nothing until the logger is enabled and formats the line.
/// </summary>
internal sealed partial class RequestLogMiddleware(RequestDelegate next, ILogger<RequestLogMiddleware> logger)
{
    private const string Unmatched = "(unmatched)";

    public async Task InvokeAsync(HttpContext context)
    {
        // Read before the handler: the exception handler clears the endpoint when it answers for a failed request.
        var endpoint = context.GetEndpoint();
        if (endpoint?.Metadata.GetMetadata<NotLoggedAttribute>() is not null || !logger.IsEnabled(LogLevel.Information))
        {
            await next(context);
            return;
        }

        var route = (endpoint as RouteEndpoint)?.RoutePattern.RawText ?? Unmatched;
        var started = Stopwatch.GetTimestamp();
        var failed = false;
        try
        {
            await next(context);
        }
        catch
        {
            failed = true;
            throw;
        }
        finally
        {
            // An exception escaping here (none the exception handler answered) becomes a 500 in the server.
            var status = failed ? StatusCodes.Status500InternalServerError : context.Response.StatusCode;
            LogRequest(logger, context.Request.Method, route, status, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }

    [LoggerMessage(EventId = 1, EventName = "Request", Level = LogLevel.Information,
        Message = "{Method} {Route} responded {StatusCode} in {DurationMs:0.0} ms")]
    private static partial void LogRequest(ILogger logger, string method, string route, int statusCode, double durationMs);
}
