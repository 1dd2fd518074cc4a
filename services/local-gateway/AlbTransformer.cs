using System.Globalization;
using Yarp.ReverseProxy.Forwarder;

namespace Platform.LocalGateway;

/// <summary>
/// Request headers as the ALB sends them: the original Host, X-Forwarded-For appended with the client address,
/// X-Forwarded-Proto and X-Forwarded-Port set by the load balancer (a client's own values are replaced).
/// </summary>
public sealed class AlbTransformer : HttpTransformer
{
    public static readonly AlbTransformer Instance = new();

    public override async ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        ArgumentNullException.ThrowIfNull(proxyRequest);
        await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken);

        var headers = proxyRequest.Headers;
        var client = httpContext.Connection.RemoteIpAddress;
        var forwardedFor = httpContext.Request.Headers["X-Forwarded-For"].ToString();
        headers.Remove("X-Forwarded-For");
        headers.Remove("X-Forwarded-Proto");
        headers.Remove("X-Forwarded-Port");
        headers.Remove("X-Forwarded-Host");
        headers.Remove("X-Forwarded-Prefix");
        if (client is not null)
        {
            var address = client.IsIPv4MappedToIPv6 ? client.MapToIPv4().ToString() : client.ToString();
            headers.TryAddWithoutValidation("X-Forwarded-For", string.IsNullOrEmpty(forwardedFor) ? address : $"{forwardedFor}, {address}");
        }

        headers.TryAddWithoutValidation("X-Forwarded-Proto", httpContext.Request.Scheme);
        headers.TryAddWithoutValidation("X-Forwarded-Port", httpContext.Connection.LocalPort.ToString(CultureInfo.InvariantCulture));
        headers.Host = httpContext.Request.Host.Value;
    }
}
