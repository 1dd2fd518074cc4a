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

    /// <summary>
    /// What a well-behaved client does: sends, and while the answer is a 503 or 409 with Retry-After, waits that long and
    /// sends again, at most <paramref name="maxAttempts"/> times. Every answer, the last one last.
    /// </summary>
    public static async Task<IReadOnlyList<TimedResponse>> SendHonoringRetryAfterAsync(
        HttpClient client, Func<HttpRequestMessage> request, int maxAttempts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var answers = new List<TimedResponse> { await SendAsync(client, request(), cancellationToken) };
        while (answers.Count < maxAttempts && answers[^1] is { StatusCode: HttpStatusCode.ServiceUnavailable or HttpStatusCode.Conflict, RetryAfter.Delta: { } wait })
        {
            await Task.Delay(wait, cancellationToken);
            answers.Add(await SendAsync(client, request(), cancellationToken));
        }

        return answers;
    }

    public override string ToString() => $"{(int)StatusCode} in {Elapsed.TotalMilliseconds:0} ms: {Body}";
}
