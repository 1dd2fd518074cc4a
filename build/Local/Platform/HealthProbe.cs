using System.Text.Json;

namespace Platform.Build.Local.Platform;

/// <summary>A deep health check answers 200 with a JSON body whose "status" is "ok"; anything else is not healthy.</summary>
public static class HealthProbe
{
    public static async Task<Probe> GetAsync(HttpClient http, Uri url, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        try
        {
            using var response = await http.GetAsync(url, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            return new Probe(response.IsSuccessStatusCode && IsOk(body), $"{(int)response.StatusCode} {Truncate(body)}");
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return new Probe(false, exception is TaskCanceledException ? "timed out" : exception.Message);
        }
    }

    public static bool IsOk(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            return json.RootElement.ValueKind == JsonValueKind.Object
                && json.RootElement.TryGetProperty("status", out var status)
                && status.ValueKind == JsonValueKind.String && status.GetString() == "ok";
        }
        catch (JsonException)
        {
            return false;
        }
    }

    public static string Truncate(string text)
    {
        var flat = text.ReplaceLineEndings(" ").Trim();
        return flat.Length <= 200 ? flat : flat[..200] + "…";
    }
}
