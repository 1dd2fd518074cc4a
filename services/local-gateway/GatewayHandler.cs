using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Forwarder;

namespace Platform.LocalGateway;

/// <summary>
/// Forwards a request to the route's destination with YARP's forwarder, or answers with the default action (the ALB's
/// fixed 404). A GET or HEAD that failed before reaching any service (connect refused during a redeploy) is sent once
/// more: it has no body and nothing was received, so the retry cannot do anything twice.
/// </summary>
public sealed partial class GatewayHandler(RouteTable routes, IHttpForwarder forwarder, HttpMessageInvoker client, IOptions<GatewayOptions> options, ILogger<GatewayHandler> logger)
{
    private const int Attempts = 3;
    private static readonly ForwarderRequestConfig RequestConfig = new() { ActivityTimeout = TimeSpan.FromSeconds(100) };

    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (MalformedRequest.Check(context.Request) is var (status, reason))
        {
            await GatewayProblem.WriteAsync(context, status, "Bad request", reason);
            return;
        }

        var route = routes.Match(context.Request.Path.Value ?? "/");
        if (route?.Destination is null)
        {
            var fallback = options.Value.DefaultResponse;
            context.Response.StatusCode = fallback.StatusCode;
            context.Response.ContentType = fallback.ContentType;
            await context.Response.WriteAsync(fallback.Body, context.RequestAborted);
            return;
        }

        if (route.MaxRequestBodyBytes is { } limit && !await BodyLimit.WithinAsync(context.Request, limit, context.RequestAborted))
        {
            await GatewayProblem.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, "Request body too large", $"{route.Service} accepts at most {limit} bytes.");
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

            LogRetry(logger, context.Request.Method, context.Request.Path, route.Service, attempt, context.Features.Get<IForwarderErrorFeature>()?.Exception?.Message);
            context.Features.Set<IForwarderErrorFeature>(null);
            context.Response.Clear();
            await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt), context.RequestAborted);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Method} {Path}: {Service} not reached (attempt {Attempt}: {Reason}); retrying")]
    private static partial void LogRetry(ILogger logger, string method, PathString path, string service, int attempt, string? reason);
}
