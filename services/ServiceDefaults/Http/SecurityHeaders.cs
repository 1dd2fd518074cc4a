using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;

namespace Platform.ServiceDefaults.Http;

/// <summary>
/// Headers on every response, errors included: nosniff (a browser never guesses a script out of a JSON body), and
/// no-store on every endpoint behind a token, so a shared cache or a browser's history never keeps a user's data.
/// </summary>
internal sealed class SecurityHeaders(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(
            static state =>
            {
                var http = (HttpContext)state;
                http.Response.Headers.XContentTypeOptions = "nosniff";
                if (http.GetEndpoint()?.Metadata.GetMetadata<IAuthorizeData>() is not null)
                {
                    http.Response.Headers.CacheControl = "no-store";
                }

                return Task.CompletedTask;
            },
            context);
        return next(context);
    }
}
