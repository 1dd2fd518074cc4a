// Saves the local trace viewer's page of one trace as artifacts/trace-<traceId>.png (docs/design/tracing.md).
// Run after `./build.sh SmokeTest --env local` (it prints "trace <traceId>: … spans from …") and before Down:
//   dotnet run scripts/TraceScreenshot.cs -- <traceId> [dashboard URL, default http://127.0.0.1:18888]
// Needs Debian's chromium (apt-get install chromium). The dashboard draws its pages over a websocket after they load,
// so `chromium --screenshot` alone catches a blank page: this drives headless chromium over the DevTools protocol
// instead, waits until the trace's spans are on the page, then takes the shot.
#:property TargetFramework=net10.0
#:property PublishAot=false

using System.Diagnostics;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

if (args.Length < 1 || !Regex.IsMatch(args[0], "^[0-9a-f]{32}$"))
{
    Console.Error.WriteLine("usage: dotnet run scripts/TraceScreenshot.cs -- <traceId: 32 lower-case hex digits> [dashboard URL]");
    return 2;
}

var traceId = args[0];
var dashboard = new Uri(args.Length > 1 ? args[1] : "http://127.0.0.1:18888");
using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
var trace = await http.GetStringAsync(new Uri(dashboard, $"/api/telemetry/traces/{traceId}")).ContinueWith(t => t.IsCompletedSuccessfully ? t.Result : "");
if (!trace.Contains("\"spanId\"", StringComparison.Ordinal))
{
    Console.Error.WriteLine($"the dashboard at {dashboard} has no spans of trace {traceId} (is the local platform up?)");
    return 1;
}

var port = 9300 + Random.Shared.Next(500);
var profile = Directory.CreateTempSubdirectory("trace-screenshot-");
// --no-sandbox: chromium refuses its sandbox as root (CI and these machines run as root).
using var chromium = Process.Start(new ProcessStartInfo("chromium",
    ["--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--window-size=1600,1000",
     $"--remote-debugging-port={port}", "--remote-debugging-address=127.0.0.1", $"--user-data-dir={profile.FullName}", "about:blank"])
    { RedirectStandardError = true, RedirectStandardOutput = true })!;
try
{
    var page = await Until(async () =>
    {
        var targets = await http.GetFromJsonAsync<JsonArray>($"http://127.0.0.1:{port}/json/list");
        return targets?.FirstOrDefault(t => t?["type"]?.GetValue<string>() == "page")?["webSocketDebuggerUrl"]?.GetValue<string>();
    }, "chromium's DevTools endpoint");
    using var socket = new ClientWebSocket();
    await socket.ConnectAsync(new Uri(page!), CancellationToken.None);
    var id = 0;
    async Task<JsonNode?> Send(string method, JsonObject? parameters = null)
    {
        var request = new JsonObject { ["id"] = ++id, ["method"] = method, ["params"] = parameters ?? new JsonObject() };
        await socket.SendAsync(Encoding.UTF8.GetBytes(request.ToJsonString()), WebSocketMessageType.Text, true, CancellationToken.None);
        while (true)
        {
            using var message = new MemoryStream();
            var buffer = new byte[1 << 16];
            WebSocketReceiveResult received;
            do
            {
                received = await socket.ReceiveAsync(buffer, CancellationToken.None);
                message.Write(buffer, 0, received.Count);
            }
            while (!received.EndOfMessage);
            var reply = JsonNode.Parse(message.ToArray());
            if (reply?["id"]?.GetValue<int>() == id)
            {
                return reply["result"];
            }
        }
    }

    await Send("Page.navigate", new JsonObject { ["url"] = new Uri(dashboard, $"/traces/detail/{traceId}").ToString() });
    // Drawn once the span rows name the services (and the page has settled for a moment).
    await Until(async () =>
    {
        var text = (await Send("Runtime.evaluate", new JsonObject { ["expression"] = "document.body ? document.body.innerText : ''" }))?["result"]?["value"]?.GetValue<string>() ?? "";
        return text.Contains("notification-service", StringComparison.Ordinal) && text.Contains("billing-service", StringComparison.Ordinal) ? "drawn" : null;
    }, "the trace's spans on the page");
    await Task.Delay(TimeSpan.FromSeconds(2));
    var shot = (await Send("Page.captureScreenshot", new JsonObject { ["format"] = "png" }))?["data"]?.GetValue<string>()
        ?? throw new InvalidOperationException("chromium returned no screenshot");
    var root = Path.GetFullPath(Path.Combine(AppContext.GetData("EntryPointFileDirectoryPath") as string ?? "scripts", ".."));
    var output = Path.Combine(root, "artifacts", $"trace-{traceId}.png");
    Directory.CreateDirectory(Path.GetDirectoryName(output)!);
    await File.WriteAllBytesAsync(output, Convert.FromBase64String(shot));
    Console.WriteLine(output);
    return 0;
}
finally
{
    chromium.Kill(entireProcessTree: true);
    await chromium.WaitForExitAsync();
    profile.Delete(recursive: true);
}

static async Task<string?> Until(Func<Task<string?>> probe, string what)
{
    var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
    while (DateTime.UtcNow < deadline)
    {
        try
        {
            if (await probe() is { } value)
            {
                return value;
            }
        }
        catch (HttpRequestException)
        {
            // not listening yet
        }

        await Task.Delay(250);
    }

    throw new TimeoutException($"waited 30 s for {what}");
}
