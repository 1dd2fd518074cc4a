using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Platform.Build.Local.Smoke;

/// <summary>
/// The flow across services, through one base URL (the gateway locally, the ALB in AWS): register → login → PUT and GET
/// /users/me → create an invoice with an Idempotency-Key and retry it (the same invoice back, still one invoice) → pay
/// it → the user's three notifications (user.registered, invoice.created, invoice.paid) appear. Each step prints one
/// line; a failure names the step, the request and the response. The password is generated per run and never printed.
/// Every request carries a W3C <c>traceparent</c> of one trace (<see cref="TraceId"/>), so the whole flow, events
/// included, is one trace in the trace viewer (docs/design/tracing.md).
/// </summary>
public sealed class EndToEndFlow(HttpClient http, TextWriter log)
{
    private static readonly string[] ExpectedNotifications = ["user.registered", "invoice.created", "invoice.paid"];

    /// <summary>The flow's trace: each request is a new span of it, sampled.</summary>
    public ActivityTraceId TraceId { get; } = ActivityTraceId.CreateRandom();

    public async Task RunAsync(Uri baseUrl, TimeSpan notificationBudget, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        var email = $"smoke-{Guid.NewGuid():N}@example.com";
        var password = "Sm0ke!" + Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(12));
        var credentials = new JsonObject { ["email"] = email, ["password"] = password };
        log.WriteLine($"  trace: {TraceId}");

        await StepAsync("register", HttpMethod.Post, new Uri(baseUrl, "/auth/register"), credentials, null, null, HttpStatusCode.Accepted, cancellationToken);
        var login = await StepAsync("login", HttpMethod.Post, new Uri(baseUrl, "/auth/login"), credentials.DeepClone(), null, null, HttpStatusCode.OK, cancellationToken);
        var token = login?["accessToken"]?.GetValue<string>() ?? throw new PlatformException("login: the response has no accessToken");

        await StepAsync("update profile", HttpMethod.Put, new Uri(baseUrl, "/users/me"), new JsonObject { ["displayName"] = "Smoke Test" },
            token, null, HttpStatusCode.OK, cancellationToken);
        var profile = await StepAsync("read profile", HttpMethod.Get, new Uri(baseUrl, "/users/me"), null, token, null, HttpStatusCode.OK, cancellationToken);
        Expect("read profile", profile?["displayName"]?.ToString() == "Smoke Test" && profile?["email"]?.ToString() == email,
            $"expected displayName 'Smoke Test' and email {email}, got {profile?.ToJsonString()}");

        var key = Guid.NewGuid().ToString();
        var invoice = new JsonObject { ["amountMinor"] = 1234, ["currency"] = "EUR", ["description"] = "smoke test" };
        var first = await StepAsync("create invoice", HttpMethod.Post, new Uri(baseUrl, "/billing/invoices"), invoice, token, key, HttpStatusCode.Created, cancellationToken);
        var retry = await StepAsync("retry invoice (same Idempotency-Key)", HttpMethod.Post, new Uri(baseUrl, "/billing/invoices"), invoice.DeepClone(),
            token, key, HttpStatusCode.Created, cancellationToken);
        var id = first?["id"]?.ToString() ?? throw new PlatformException("create invoice: the response has no 'id'");
        Expect("retry invoice", retry?["id"]?.ToString() == id, $"expected the first invoice {id} back, got {retry?["id"]}");
        var invoices = await StepAsync("list invoices", HttpMethod.Get, new Uri(baseUrl, "/billing/invoices"), null, token, null, HttpStatusCode.OK, cancellationToken);
        Expect("list invoices", invoices is JsonArray { Count: 1 }, $"expected exactly one invoice after the retry, got {invoices?.ToJsonString()}");

        var paid = await StepAsync("pay invoice", HttpMethod.Post, new Uri(baseUrl, $"/billing/invoices/{id}/pay"), null, token, null, HttpStatusCode.OK, cancellationToken);
        Expect("pay invoice", paid?["status"]?.ToString() == "paid", $"expected status 'paid', got {paid?.ToJsonString()}");

        await WaitForNotificationsAsync(baseUrl, token, notificationBudget, cancellationToken);
    }

    /// <summary>The events travel auth/billing outbox → SQS → notification's consumer: poll until all three are listed.</summary>
    private async Task WaitForNotificationsAsync(Uri baseUrl, string token, TimeSpan budget, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var notifications = await StepAsync("list notifications", HttpMethod.Get, new Uri(baseUrl, "/notify/notifications"), null,
                token, null, HttpStatusCode.OK, cancellationToken, quiet: true);
            var kinds = notifications is JsonArray items ? items.Select(n => n?["kind"]?.ToString() ?? "").Order(StringComparer.Ordinal).ToList() : [];
            if (ExpectedNotifications.All(kinds.Contains))
            {
                Expect("notifications", kinds.Count == ExpectedNotifications.Length, $"expected one of each of {string.Join(", ", ExpectedNotifications)}, got {string.Join(", ", kinds)}");
                log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  notifications: {string.Join(", ", kinds)} after {clock.Elapsed.TotalSeconds:0.0} s"));
                return;
            }

            if (clock.Elapsed >= budget)
            {
                throw new PlatformException(
                    $"notifications: {string.Join(", ", ExpectedNotifications)} did not all appear within {budget.TotalSeconds:0} s; listed: [{string.Join(", ", kinds)}]");
            }

            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        }
    }

    private static void Expect(string step, bool condition, string otherwise)
    {
        if (!condition)
        {
            throw new PlatformException($"{step}: {otherwise}");
        }
    }

    private async Task<JsonNode?> StepAsync(string step, HttpMethod method, Uri url, JsonNode? body, string? token, string? idempotencyKey,
        HttpStatusCode expected, CancellationToken cancellationToken, bool quiet = false)
    {
        using var request = new HttpRequestMessage(method, url);
        request.Headers.Add("traceparent", $"00-{TraceId}-{ActivitySpanId.CreateRandom()}-01");
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        var clock = Stopwatch.StartNew();
        using var response = await http.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (response.StatusCode != expected)
        {
            throw new PlatformException($"{step}: {method} {url.AbsolutePath} answered {(int)response.StatusCode}: {HealthProbeText(text)}");
        }

        if (!quiet)
        {
            log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {step}: {(int)response.StatusCode} ({clock.Elapsed.TotalMilliseconds:0} ms)"));
        }

        try
        {
            return text.Length == 0 ? null : JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            throw new PlatformException($"{step}: {method} {url.AbsolutePath} did not return JSON: {HealthProbeText(text)}");
        }
    }

    private static string HealthProbeText(string text) => Platform.HealthProbe.Truncate(text);
}
