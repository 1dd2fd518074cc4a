using System.Globalization;

namespace Platform.LocalGateway;

/// <summary>
/// Requests an ALB refuses itself (400, or 405 for CONNECT) rather than forwarding. Forwarded, they fail inside the
/// gateway's HTTP client (a port out of range, a header it cannot encode) and would come back as a 502.
/// </summary>
internal static class MalformedRequest
{
    /// <summary>The status and reason to refuse <paramref name="request"/> with, or null to forward it.</summary>
    public static (int Status, string Reason)? Check(HttpRequest request)
    {
        if (HttpMethods.IsConnect(request.Method))
        {
            return (StatusCodes.Status405MethodNotAllowed, "CONNECT is not supported: this is not a forward proxy.");
        }

        if (!IsValidHost(request.Headers.Host.ToString()))
        {
            return (StatusCodes.Status400BadRequest, "The Host header is not a valid host name and port.");
        }

        foreach (var (name, values) in request.Headers)
        {
            foreach (var value in values)
            {
                if (value is not null && value.Any(c => c > '\u007F'))
                {
                    return (StatusCodes.Status400BadRequest, $"The {name} header holds characters outside US-ASCII.");
                }
            }
        }

        return null;
    }

    private static bool IsValidHost(string host)
    {
        if (host.Length == 0)
        {
            return false;
        }

        var colon = host.LastIndexOf(':');
        var bracket = host.LastIndexOf(']');
        if (colon <= bracket)
        {
            return Uri.CheckHostName(host.Trim('[', ']')) != UriHostNameType.Unknown;
        }

        return Uri.CheckHostName(host[..colon].Trim('[', ']')) != UriHostNameType.Unknown
            && int.TryParse(host.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            && port is >= 1 and <= 65535;
    }
}
