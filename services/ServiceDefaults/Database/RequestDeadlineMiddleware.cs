using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Platform.ServiceDefaults.Configuration;

namespace Platform.ServiceDefaults.Database;

/// <summary>
/// Gives each signed-in request a deadline (DB_DEADLINE_SECONDS, default 3 s): handlers take their CancellationToken
/// from RequestAborted, so every database call they make stops when the client goes or the deadline passes, whichever
/// is first. <see cref="DatabaseUnavailableHandler"/> turns what that cancels into a 503. Anonymous endpoints (sign-in
/// and registration spend most of their time hashing, which a deadline cannot stop; health probes have their own
/// bounds) keep the per-statement bounds of the connection string: a third of the deadline (1 s at the default) to
/// connect, wait for the pool or run a statement.
/// </summary>
internal sealed class RequestDeadlineMiddleware(RequestDelegate next, IOptions<DatabaseOptions> options)
{
    private readonly TimeSpan _workBudget = options.Value.WorkBudget;

    public async Task InvokeAsync(HttpContext context)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<IAuthorizeData>() is null)
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
