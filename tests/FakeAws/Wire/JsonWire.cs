using System.Text.Json;
using System.Text.Json.Nodes;

namespace Platform.FakeAws;

/// <summary>JSON 1.1 helpers: reading request members and writing epoch-second timestamps.</summary>
internal static class JsonWire
{
    public static string Error(FakeAwsException error) =>
        new JsonObject { ["__type"] = error.Code, ["message"] = error.Message }.ToJsonString();

    public static double Epoch(DateTime time) => Math.Round((time.ToUniversalTime() - DateTime.UnixEpoch).TotalSeconds, 3);

    public static string? Str(this JsonObject body, string name) =>
        body[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    public static int? Int(this JsonObject body, string name) =>
        body[name] is JsonValue value && value.TryGetValue<int>(out var number) ? number : null;

    public static bool? Bool(this JsonObject body, string name) =>
        body[name] is JsonValue value && value.TryGetValue<bool>(out var flag) ? flag : null;

    public static List<string> Strings(this JsonObject body, string name) =>
        body[name] is JsonArray array ? array.Select(item => item?.GetValue<string>() ?? "").ToList() : [];

    public static JsonObject Parse(string text)
    {
        try
        {
            return JsonNode.Parse(string.IsNullOrWhiteSpace(text) ? "{}" : text) as JsonObject
                ?? throw new FakeAwsException("SerializationException", "Start of structure or map found where not expected.");
        }
        catch (JsonException ex)
        {
            throw new FakeAwsException("SerializationException", ex.Message);
        }
    }

    /// <summary>Continuation tokens are opaque to clients; here they carry the next index.</summary>
    public static string Token(int index) => Convert.ToBase64String(BitConverter.GetBytes(index));

    public static int FromToken(string? token, string code)
    {
        if (token is null)
        {
            return 0;
        }

        try
        {
            return BitConverter.ToInt32(Convert.FromBase64String(token));
        }
        catch (FormatException)
        {
            throw new FakeAwsException(code, "Invalid NextToken.");
        }
        catch (ArgumentException)
        {
            throw new FakeAwsException(code, "Invalid NextToken.");
        }
    }
}
