using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Forwarder;

namespace Platform.LocalGateway;

/// <summary>
/// Forwards a request to the route's destination with YARP's forwarder, or answers with the default action (the ALB's
/// fixed 404). A GET or HEAD that failed before reaching any service (connect refused during a redeploy) is sent once
/// more: it has no body and nothing was received, so the retry cannot do anything twice.
/// </summary>
public sealed class GatewayHandler(RouteTable routes, IHttpForwarder forwarder, HttpMessageInvoker client, IOptions<GatewayOptions> options)
{
    private const int Attempts = 3;
    private static readonly ForwarderRequestConfig RequestConfig = new() { ActivityTimeout = TimeSpan.FromSeconds(100) };

    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var route = routes.Match(context.Request.Path.Value ?? "/");
        if (route?.Destination is null)
        {
            var fallback = options.Value.DefaultResponse;
            context.Response.StatusCode = fallback.StatusCode;
            context.Response.ContentType = fallback.ContentType;
            await context.Response.WriteAsync(fallback.Body, context.RequestAborted);
            return;
        }

        var retryable = HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method);
        for (var attempt = 1; ; attempt++)
        {
            var error = await forwarder.SendAsync(context, route.Destination.GetLeftPart(UriPartial.Authority), client, RequestConfig, AlbTransformer.Instance);
            if (error != ForwarderError.Request || !retryable || attempt == Attempts || context.Response.HasStarted)
            {
                return;
            }

            context.Features.Set<IForwarderErrorFeature>(null);
            context.Response.Clear();
            await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt), context.RequestAborted);
        }
    }
}
