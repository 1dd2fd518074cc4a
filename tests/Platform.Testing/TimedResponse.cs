using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;

namespace Platform.Testing;

/// <summary>An answer read in full, with how long it took: for fault tests that bound the wait.</summary>
public sealed record TimedResponse(HttpStatusCode StatusCode, string Body, string? MediaType, RetryConditionHeaderValue? RetryAfter, TimeSpan Elapsed)
{
    public static async Task<TimedResponse> SendAsync(HttpClient client, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var started = Stopwatch.GetTimestamp();
        using var response = await client.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        return new TimedResponse(response.StatusCode, body, response.Content.Headers.ContentType?.MediaType, response.Headers.RetryAfter, Stopwatch.GetElapsedTime(started));
    }

    public override string ToString() => $"{(int)StatusCode} in {Elapsed.TotalMilliseconds:0} ms: {Body}";
}
