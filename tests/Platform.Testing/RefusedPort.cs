using System.Net;
using System.Net.Sockets;

namespace Platform.Testing;

/// <summary>
/// A port on 127.0.0.1 where every connect is refused, for as long as this lives. The socket is bound but never listens,
/// so Linux answers a SYN with a reset, and no other socket (another test's listener, the server under test picking
/// port 0) can take the port meanwhile. A port freed right after the OS picked it is not that: the gateway under test
/// once bound the very port it was told to forward to, and forwarded to itself until the headers were too large (431).
/// </summary>
public sealed class RefusedPort : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

    public RefusedPort()
    {
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        Port = ((IPEndPoint)_socket.LocalEndPoint!).Port;
    }

    public int Port { get; }

    public void Dispose() => _socket.Dispose();
}
