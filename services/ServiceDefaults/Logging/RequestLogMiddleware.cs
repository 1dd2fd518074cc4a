using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace Platform.ServiceDefaults.Logging;

/// <summary>
/// One log line per request: method, route template, status, duration. Deliberately nothing else: no headers,
/// query strings or bodies, which carry tokens and passwords. The route template (not the path) keeps ids out too.
/// </summary>
internal sealed partial class RequestLogMiddleware(RequestDelegate next, ILogger<RequestLogMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
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
            var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "(unmatched)";
            // An exception escaping here becomes a 500 in the exception handler, which runs outside this middleware.
            var status = failed ? StatusCodes.Status500InternalServerError : context.Response.StatusCode;
            if (logger.IsEnabled(LogLevel.Information))
            {
                LogRequest(logger, context.Request.Method, route, status, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }
    }

    [LoggerMessage(EventId = 1, EventName = "Request", Level = LogLevel.Information,
        Message = "{Method} {Route} responded {StatusCode} in {DurationMs:0.0} ms")]
    private static partial void LogRequest(ILogger logger, string method, string route, int statusCode, double durationMs);
}
