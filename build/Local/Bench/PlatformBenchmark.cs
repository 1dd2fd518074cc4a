using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Platform.Build.Local.Docker;

namespace Platform.Build.Local.Bench;

/// <summary>
/// The issue-15 table against the running local platform (through its gateway), as ratios to a bare minimal API on
/// the same runtime image: rounds interleave bare and platform runs so a busy machine slows both alike.
/// </summary>
public sealed class PlatformBenchmark(DockerCli docker, Uri gateway, string bareApiDirectory, Action<string> log)
{
    private const string BareContainer = "platform-bench-bare";
    private const string RuntimeImage = "mcr.microsoft.com/dotnet/aspnet:10.0";
    private const string PostgresContainer = "platform-local-postgres";
    private static readonly TimeSpan RunLength = TimeSpan.FromSeconds(10);

    public async Task<IReadOnlyList<BenchmarkFigure>> RunAsync(int rounds, CancellationToken cancellationToken)
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = gateway, Timeout = TimeSpan.FromSeconds(30) };
        var (token, _) = await SignInAsync(http, cancellationToken);
        var bare = await StartBareApiAsync(cancellationToken);
        try
        {
            var runs = new Dictionary<string, List<LoadResult>>(StringComparer.Ordinal);
            var auth = $"Authorization: Bearer {token}";
            var script = InvoiceScript(token);
            for (var round = 1; round <= rounds; round++)
            {
                log($"round {round} of {rounds}");
                Add(runs, await WrkRun.RunAsync("bare", bare, 32, RunLength, [], null, cancellationToken));
                Add(runs, await WrkRun.RunAsync("live", new Uri(gateway, "/auth/health/live"), 32, RunLength, [], null, cancellationToken));
                Add(runs, await WrkRun.RunAsync("users/me", new Uri(gateway, "/users/me"), 32, RunLength, [auth], null, cancellationToken));
                Add(runs, await WrkRun.RunAsync("invoice c32", new Uri(gateway, "/billing/invoices"), 32, RunLength, [], script, cancellationToken));
            }

            var constant = await ConstantInvoicesAsync(http, cancellationToken);
            var latency = await EventLatencyAsync(http, 40, cancellationToken);
            return Figures(runs, constant, latency);
        }
        finally
        {
            await docker.RunAsync(new DockerCommand(["rm", "-f", BareContainer]), cancellationToken: CancellationToken.None);
        }

        async Task<(LoadResult Run, long Created, long Counted)> ConstantInvoicesAsync(HttpClient client, CancellationToken ct)
        {
            // A fresh user, so the database count is this run's alone.
            var (constantToken, constantUser) = await SignInAsync(client, ct);
            var prefix = Guid.NewGuid().ToString("N");
            var (run, created) = await ConstantRateLoad.RunAsync(
                "invoice 500/s", client, i => InvoiceRequest(constantToken, $"{prefix}-{i}"), HttpStatusCode.Created, 500, RunLength, ct);
            var counted = await CountInvoicesAsync(constantUser, ct);
            return (run, created, counted);
        }
    }

    private static void Add(Dictionary<string, List<LoadResult>> runs, LoadResult result)
    {
        if (!runs.TryGetValue(result.Name, out var list))
        {
            runs[result.Name] = list = [];
        }

        list.Add(result);
    }

    private static List<BenchmarkFigure> Figures(Dictionary<string, List<LoadResult>> runs, (LoadResult Run, long Created, long Counted) constant, List<double> latency)
    {
        double Median(string name, Func<LoadResult, double> value) => runs[name].Select(value).Order().ElementAt(runs[name].Count / 2);
        var bare = Median("bare", r => r.RequestsPerSecond);
        var figures = new List<BenchmarkFigure> { new("bare API req/s (c32)", bare, "1.00", null, "baseline") };
        foreach (var (name, target) in new[] { ("live", 0.8), ("users/me", 0.25) })
        {
            var rate = Median(name, r => r.RequestsPerSecond);
            figures.Add(new($"{name} req/s (c32)", rate, Ratio(rate / bare), $"p99 {Median(name, r => r.P99Ms):0.0} ms, errors {runs[name].Sum(r => r.Errors)}", rate / bare >= target ? "met" : $"missed (target {target:0.00} of bare)"));
        }

        var invoices = Median("invoice c32", r => r.RequestsPerSecond);
        var invoiceErrors = runs["invoice c32"].Sum(r => r.Errors);
        figures.Add(new("invoice create req/s (c32)", invoices, Ratio(invoices / bare), $"p99 {Median("invoice c32", r => r.P99Ms):0.0} ms, errors {invoiceErrors}", invoices >= 1500 && invoiceErrors == 0 ? "met" : "missed (target 1500 req/s, 0 errors)"));
        var (run, created, counted) = constant;
        figures.Add(new("invoice at 500 req/s: p99 ms", run.P99Ms, "-", $"{run.RequestsPerSecond:0} req/s sent, errors {run.Errors}, 201s {created}, in database {counted}",
            run.P99Ms <= 50 && run.Errors == 0 && created == counted ? "met" : "missed (target p99 <= 50 ms, 0 errors, count = 201s)"));
        latency.Sort();
        var median = latency[latency.Count / 2];
        var p99 = latency[Math.Min(latency.Count - 1, (int)(latency.Count * 0.99))];
        figures.Add(new("invoice -> notification ms (median)", median, "-", $"p99 {p99:0} ms, max {latency[^1]:0} ms, {latency.Count} samples", median <= 50 && p99 <= 250 ? "met" : "missed (target median <= 50, p99 <= 250 ms)"));
        return figures;
    }

    private static string Ratio(double value) => value.ToString("0.00", CultureInfo.InvariantCulture);

    private async Task<Uri> StartBareApiAsync(CancellationToken cancellationToken)
    {
        await docker.RunAsync(new DockerCommand(["rm", "-f", BareContainer]), cancellationToken: cancellationToken);
        await docker.RunCheckedAsync(new DockerCommand(["run", "-d", "--name", BareContainer, "-p", "127.0.0.1::8080", "-v", $"{bareApiDirectory}:/app:ro", "-w", "/app",
            "-e", "Logging__LogLevel__Default=Warning", RuntimeImage, "dotnet", "BareApi.dll"]), cancellationToken: cancellationToken);
        var port = (await docker.RunCheckedAsync(new DockerCommand(["port", BareContainer, "8080/tcp"]), cancellationToken: cancellationToken)).Trim().Split(':')[^1];
        var url = new Uri($"http://127.0.0.1:{port}/");
        using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        for (var attempt = 0; attempt < 60; attempt++)
        {
            try
            {
                if ((await probe.GetAsync(url, cancellationToken)).IsSuccessStatusCode)
                {
                    return url;
                }
            }
            catch (HttpRequestException)
            {
                // Still starting.
            }

            await Task.Delay(500, cancellationToken);
        }

        throw new PlatformException($"the bare API container {BareContainer} did not answer on {url} within 30 s");
    }

    private static async Task<(string Token, Guid UserId)> SignInAsync(HttpClient http, CancellationToken cancellationToken)
    {
        var credentials = new { email = $"bench-{Guid.NewGuid():N}@example.com", password = "benchmark password 42" };
        (await http.PostAsJsonAsync("/auth/register", credentials, cancellationToken)).EnsureSuccessStatusCode();
        using var login = await http.PostAsJsonAsync("/auth/login", credentials, cancellationToken);
        login.EnsureSuccessStatusCode();
        var token = (await login.Content.ReadFromJsonAsync<JsonNode>(cancellationToken))?["accessToken"]?.GetValue<string>()
            ?? throw new PlatformException("login answered without an accessToken");
        using var me = new HttpRequestMessage(HttpMethod.Get, "/users/me");
        me.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var profile = await http.SendAsync(me, cancellationToken);
        var userId = (await profile.Content.ReadFromJsonAsync<JsonNode>(cancellationToken))?["userId"]?.GetValue<Guid>()
            ?? throw new PlatformException("GET /users/me answered without a userId");
        return (token, userId);
    }

    private static HttpRequestMessage InvoiceRequest(string token, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/billing/invoices")
        {
            Content = new StringContent("""{"amountMinor":1250,"currency":"EUR","description":"benchmark"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Add("Idempotency-Key", key);
        return request;
    }

    /// <summary>wrk's Lua hook: a unique Idempotency-Key per request, so every request creates an invoice.</summary>
    private static string InvoiceScript(string token)
    {
        var path = Path.Combine(Path.GetTempPath(), $"platform-bench-{Guid.NewGuid():N}.lua");
        File.WriteAllText(path, $$"""
            local n = 0
            local run = "{{Guid.NewGuid():N}}"
            request = function()
              n = n + 1
              return wrk.format("POST", "/billing/invoices", {["Authorization"] = "Bearer {{token}}", ["Content-Type"] = "application/json", ["Idempotency-Key"] = run .. "-" .. n}, '{"amountMinor":1250,"currency":"EUR","description":"benchmark"}')
            end
            """);
        return path;
    }

    /// <summary>Time from an invoice's 201 to its invoice.created notification being listed, one invoice at a time.</summary>
    private static async Task<List<double>> EventLatencyAsync(HttpClient http, int samples, CancellationToken cancellationToken)
    {
        var (token, _) = await SignInAsync(http, cancellationToken);
        var latencies = new List<double>(samples);
        for (var i = 0; i < samples; i++)
        {
            using var create = InvoiceRequest(token, $"latency-{Guid.NewGuid():N}");
            using var created = await http.SendAsync(create, cancellationToken);
            created.EnsureSuccessStatusCode();
            var since = Stopwatch.GetTimestamp();
            while (await NotificationCountAsync(http, token, "invoice.created", cancellationToken) < i + 1)
            {
                if (Stopwatch.GetElapsedTime(since) > TimeSpan.FromSeconds(30))
                {
                    throw new PlatformException($"invoice {i + 1}'s notification did not arrive within 30 s");
                }

                await Task.Delay(2, cancellationToken);
            }

            latencies.Add(Stopwatch.GetElapsedTime(since).TotalMilliseconds);
        }

        return latencies;
    }

    private static async Task<int> NotificationCountAsync(HttpClient http, string token, string kind, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/notify/notifications");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request, cancellationToken);
        var list = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        return list.EnumerateArray().Count(n => n.GetProperty("kind").GetString() == kind);
    }

    private async Task<long> CountInvoicesAsync(Guid userId, CancellationToken cancellationToken)
    {
        var output = await docker.RunCheckedAsync(
            new DockerCommand(["exec", PostgresContainer, "psql", "-U", "platform", "-d", "platform", "-tAc", $"SELECT count(*) FROM billing.invoices WHERE user_id = '{userId}'"]),
            cancellationToken: cancellationToken);
        return long.Parse(output.Trim(), CultureInfo.InvariantCulture);
    }
}
