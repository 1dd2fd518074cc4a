namespace Platform.LocalGateway;

/// <summary>
/// The route's body limit, applied before forwarding. A service answers 413 and closes the connection as soon as it
/// sees an oversize body; a client still sending it (no <c>Expect: 100-continue</c>, e.g. curl -H 'Expect:' or
/// python-requests) makes the forwarder fail mid-body and answer 502. Refusing at the same limit here gives the client
/// the service's 413 every time.
/// </summary>
internal static class BodyLimit
{
    /// <summary>False when the body is over <paramref name="limit"/>; a chunked body within it is buffered and forwarded with a length.</summary>
    public static async Task<bool> WithinAsync(HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength is { } length)
        {
            return length <= limit;
        }

        if (!request.Headers.TransferEncoding.Any(v => v?.Contains("chunked", StringComparison.OrdinalIgnoreCase) == true))
        {
            return true;
        }

        var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > limit)
            {
                return false;
            }
        }

        buffer.Position = 0;
        request.Body = buffer;
        request.Headers.TransferEncoding = default;
        request.ContentLength = buffer.Length;
        return true;
    }
}
