using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;

namespace Platform.Testing;

/// <summary>A health answer: status code, raw body, parsed body and how long it took.</summary>
public sealed record HealthResponse(HttpStatusCode StatusCode, string Body, JsonNode? Json, TimeSpan Elapsed)
{
    public bool? Check(string name) => Json?["checks"]?[name]?.GetValue<bool>();

    public static async Task<HealthResponse> GetAsync(HttpClient client, string path, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        using var response = await client.GetAsync(new Uri(path, UriKind.RelativeOrAbsolute), cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        var elapsed = Stopwatch.GetElapsedTime(started);
        JsonNode? json = null;
        try
        {
            json = JsonNode.Parse(body);
        }
        catch (System.Text.Json.JsonException)
        {
            // Left null: the assertions then show the raw body.
        }

        return new HealthResponse(response.StatusCode, body, json, elapsed);
    }

    /// <summary>Polls until <paramref name="done"/> holds or the budget runs out; returns the last answer either way.</summary>
    public static async Task<HealthResponse> WaitForAsync(HttpClient client, string path, Func<HealthResponse, bool> done, TimeSpan budget, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(budget.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            var response = await GetAsync(client, path, cancellationToken);
            if (done(response) || Stopwatch.GetTimestamp() > deadline)
            {
                return response;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken);
        }
    }
}
