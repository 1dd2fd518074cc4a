using System.Net;
using System.Net.Sockets;

namespace Platform.AuthService.Throttling;

/// <summary>The address failed sign-ins are counted against.</summary>
internal static class ClientAddress
{
    private const string ForwardedFor = "X-Forwarded-For";

    /// <summary>
    /// The LAST X-Forwarded-For entry: the ALB appends the address it saw, so that one is not under the client's control
    /// (earlier entries are whatever the client sent). Without the header (direct or local calls), the connection's
    /// address. An IPv6 client is keyed by its /64, which one subscriber usually holds entirely.
    /// </summary>
    public static string Of(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var forwarded = context.Request.Headers[ForwardedFor];
        if (forwarded.Count > 0)
        {
            var last = forwarded[^1]?.Split(',')[^1].Trim();
            if (IPAddress.TryParse(last, out var parsed))
            {
                return Key(parsed);
            }
        }

        return context.Connection.RemoteIpAddress is { } remote ? Key(remote) : "unknown";
    }

    private static string Key(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }
}
