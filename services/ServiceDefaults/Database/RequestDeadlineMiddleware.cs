using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Platform.ServiceDefaults.Configuration;

namespace Platform.ServiceDefaults.Database;

/// <summary>
/// Gives each request a deadline (DB_DEADLINE_SECONDS, default 3 s): handlers take their CancellationToken from
/// RequestAborted, so every database call they make stops when the client goes or the deadline passes, whichever is
/// first. <see cref="DatabaseUnavailableHandler"/> turns what that cancels into a 503. Health probes keep their own bounds.
/// </summary>
internal sealed class RequestDeadlineMiddleware(RequestDelegate next, IOptions<DatabaseOptions> options)
{
    private readonly TimeSpan _workBudget = options.Value.WorkBudget;

    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Request.Path.Value?.EndsWith("/health/live", StringComparison.Ordinal) == true
            || context.Request.Path.Value?.EndsWith("/health", StringComparison.Ordinal) == true)
        {
            await next(context);
            return;
        }

        var clientAborted = context.RequestAborted;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(clientAborted);
        deadline.CancelAfter(_workBudget);
        context.RequestAborted = deadline.Token;
        try
        {
            await next(context);
        }
        finally
        {
            // The exception handler outside must see the client's token: a passed deadline is not a client abort.
            context.RequestAborted = clientAborted;
        }
    }
}
