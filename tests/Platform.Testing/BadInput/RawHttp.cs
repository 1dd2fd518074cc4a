using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace Platform.Testing.BadInput;

/// <summary>What came back on the wire: the status, the headers (names lower-cased) and the body as text.</summary>
public sealed record RawResponse(int Status, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public string? ContentType => Headers.TryGetValue("content-type", out var value) ? value : null;
}

/// <summary>
/// HTTP/1.1 written by hand, for the requests HttpClient refuses to send: a bad Host, CONNECT, raw non-ASCII header bytes,
/// a body larger than the server accepts sent without waiting for 100-continue. One request per connection.
/// </summary>
public static class RawHttp
{
    /// <param name="head">The request line and header lines, each ending in CRLF, without the blank line.</param>
    public static async Task<RawResponse> SendAsync(Uri server, string head, byte[]? body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(head);
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(server.Host, server.Port, cancellationToken);
        var stream = tcp.GetStream();
        // Written as raw bytes (UTF-8), so a non-ASCII header goes out as a client would send it.
        await stream.WriteAsync(Encoding.UTF8.GetBytes(head + "\r\n"), cancellationToken);
        // The body goes out while the answer is read: a server may answer (413) before it has read it all.
        var sending = body is null ? Task.CompletedTask : SendQuietlyAsync(stream, body, cancellationToken);
        var response = await ReadResponseAsync(stream, cancellationToken);
        await sending;
        return response;
    }

    private static async Task SendQuietlyAsync(NetworkStream stream, byte[] body, CancellationToken cancellationToken)
    {
        try
        {
            for (var offset = 0; offset < body.Length; offset += 16 * 1024)
            {
                await stream.WriteAsync(body.AsMemory(offset, Math.Min(16 * 1024, body.Length - offset)), cancellationToken);
            }
        }
        catch (IOException)
        {
            // The server stopped reading after answering: what matters is the answer.
        }
    }

    private static async Task<RawResponse> ReadResponseAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var reader = new BufferedReader(stream);
        var statusLine = await reader.ReadLineAsync(cancellationToken) ?? throw new IOException("connection closed before a status line");
        var parts = statusLine.Split(' ', 3);
        var status = int.Parse(parts[1], CultureInfo.InvariantCulture);
        var headers = new Dictionary<string, string>(StringComparer.Ordinal);
        string? line;
        while (!string.IsNullOrEmpty(line = await reader.ReadLineAsync(cancellationToken)))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var name = line[..colon].Trim().ToLowerInvariant();
            var value = line[(colon + 1)..].Trim();
            headers[name] = headers.TryGetValue(name, out var earlier) ? earlier + ", " + value : value;
        }

        byte[] body;
        if (headers.TryGetValue("content-length", out var length))
        {
            body = await reader.ReadExactlyAsync(int.Parse(length, CultureInfo.InvariantCulture), cancellationToken);
        }
        else if (headers.TryGetValue("transfer-encoding", out var encoding) && encoding.Contains("chunked", StringComparison.OrdinalIgnoreCase))
        {
            using var chunks = new MemoryStream();
            while (int.Parse((await reader.ReadLineAsync(cancellationToken))!.Split(';')[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture) is var size and > 0)
            {
                chunks.Write(await reader.ReadExactlyAsync(size, cancellationToken));
                await reader.ReadLineAsync(cancellationToken);
            }

            body = chunks.ToArray();
        }
        else
        {
            body = await reader.ReadToEndAsync(cancellationToken);
        }

        return new RawResponse(status, headers, Encoding.UTF8.GetString(body));
    }

    /// <summary>Lines and byte runs from one stream, without a StreamReader's read-ahead swallowing the body.</summary>
    private sealed class BufferedReader(Stream stream)
    {
        private readonly byte[] _buffer = new byte[8192];
        private int _start;
        private int _end;

        public async Task<string?> ReadLineAsync(CancellationToken cancellationToken)
        {
            var line = new List<byte>();
            while (true)
            {
                if (_start == _end && !await FillAsync(cancellationToken))
                {
                    return line.Count == 0 ? null : Encoding.UTF8.GetString([.. line]);
                }

                var b = _buffer[_start++];
                if (b == '\n')
                {
                    return Encoding.UTF8.GetString([.. line]).TrimEnd('\r');
                }

                line.Add(b);
            }
        }

        public async Task<byte[]> ReadExactlyAsync(int count, CancellationToken cancellationToken)
        {
            var result = new byte[count];
            for (var filled = 0; filled < count;)
            {
                if (_start == _end && !await FillAsync(cancellationToken))
                {
                    throw new IOException($"connection closed after {filled} of {count} body bytes");
                }

                var take = Math.Min(count - filled, _end - _start);
                Array.Copy(_buffer, _start, result, filled, take);
                (_start, filled) = (_start + take, filled + take);
            }

            return result;
        }

        public async Task<byte[]> ReadToEndAsync(CancellationToken cancellationToken)
        {
            using var rest = new MemoryStream();
            do
            {
                rest.Write(_buffer, _start, _end - _start);
                _start = _end;
            }
            while (await FillAsync(cancellationToken));

            return rest.ToArray();
        }

        private async Task<bool> FillAsync(CancellationToken cancellationToken)
        {
            try
            {
                _end = await stream.ReadAsync(_buffer, cancellationToken);
            }
            catch (IOException)
            {
                _end = 0;
            }

            _start = 0;
            return _end > 0;
        }
    }
}
