using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Yarp.ReverseProxy.Forwarder;

namespace Platform.LocalGateway;

/// <summary>
/// The client the gateway forwards with. A redeploy puts a new container under the same Docker DNS alias and then stops
/// the old one, so: connections live 5 s at most and re-resolve the alias; a connect tries every address the alias has
/// (the stopping container refuses, the new one answers) instead of failing on the first.
/// </summary>
public static class GatewayHttpClient
{
    public static readonly TimeSpan ConnectionLifetime = TimeSpan.FromSeconds(5);

    public static readonly TimeSpan ConnectTimeoutPerAddress = TimeSpan.FromSeconds(1);

    /// <summary>Where a host name may be reached: every address Docker's DNS returns for the alias, on the request's port.</summary>
    public delegate Task<IPEndPoint[]> Resolver(DnsEndPoint endPoint, CancellationToken cancellationToken);

    public static HttpMessageInvoker Create(Resolver? resolver = null) => new(CreateHandler(resolver ?? ResolveAsync));

    internal static SocketsHttpHandler CreateHandler(Resolver resolver) => new()
    {
        UseProxy = false,
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.None,
        UseCookies = false,
        ActivityHeadersPropagator = new ReverseProxyPropagator(DistributedContextPropagator.Current),
        PooledConnectionLifetime = ConnectionLifetime,
        PooledConnectionIdleTimeout = ConnectionLifetime,
        ConnectTimeout = TimeSpan.FromSeconds(5),
        ConnectCallback = (context, cancellationToken) => ConnectAnyAsync(resolver, context.DnsEndPoint, cancellationToken),
    };

    private static async Task<IPEndPoint[]> ResolveAsync(DnsEndPoint endPoint, CancellationToken cancellationToken)
    {
        var addresses = IPAddress.TryParse(endPoint.Host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(endPoint.Host, cancellationToken);
        return [.. addresses.Select(a => new IPEndPoint(a, endPoint.Port))];
    }

    private static async ValueTask<Stream> ConnectAnyAsync(Resolver resolver, DnsEndPoint endPoint, CancellationToken cancellationToken)
    {
        var addresses = await resolver(endPoint, cancellationToken);
        Exception? last = null;
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(ConnectTimeoutPerAddress);
                await socket.ConnectAsync(address, timeout.Token);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (Exception exception) when (exception is SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                socket.Dispose();
                last = exception;
            }
        }

        throw new HttpRequestException($"no address of {endPoint.Host}:{endPoint.Port} accepted a connection ({addresses.Length} tried)", last);
    }
}
