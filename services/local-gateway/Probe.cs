using System.Text.Json;

namespace Platform.LocalGateway;

/// <summary>
/// <c>dotnet LocalGateway.dll probe &lt;url&gt;</c>: one GET from inside the Docker network, for the build to check a new
/// container before it takes traffic (the service images carry no curl). Exit 0 only for 200 with <c>"status":"ok"</c>.
/// </summary>
public static class Probe
{
    public static async Task<int> RunAsync(string url)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            using var response = await http.GetAsync(new Uri(url));
            var body = await response.Content.ReadAsStringAsync();
            Console.WriteLine($"{(int)response.StatusCode} {body}");
            return response.IsSuccessStatusCode && IsOk(body) ? 0 : 1;
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or UriFormatException)
        {
            Console.WriteLine(exception.Message);
            return 1;
        }
    }

    private static bool IsOk(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            return json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("status", out var s) && s.ValueKind == JsonValueKind.String && s.GetString() == "ok";
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
