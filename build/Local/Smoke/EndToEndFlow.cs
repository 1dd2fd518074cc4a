using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Platform.Build.Local.Smoke;

/// <summary>
/// The flow across services, through one base URL, against issue 4's API: register → login → PUT /users/me → create an
/// invoice with an Idempotency-Key and retry it (same invoice back) → pay it → the notifications for both invoice events
/// appear. Each step prints one line; a failure names the step, the request and the response.
/// NOT yet called by any test or target: the endpoints land with issue 4. Field names follow the issue text; where it
/// leaves a name open (the login response's token field, the profile's fields) the accepted spellings are listed below.
/// </summary>
public sealed class EndToEndFlow(HttpClient http, TextWriter log)
{
    private static readonly string[] TokenFields = ["accessToken", "access_token", "token"];

    public async Task RunAsync(Uri baseUrl, TimeSpan notificationBudget, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        var email = $"smoke-{Guid.NewGuid():N}@example.com";
        // Generated per run and never printed; long enough for any sensible password policy.
        var password = "Sm0ke!" + Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(12));

        await StepAsync("register", HttpMethod.Post, new Uri(baseUrl, "/auth/register"), new JsonObject { ["email"] = email, ["password"] = password },
            null, null, [HttpStatusCode.Created, HttpStatusCode.OK, HttpStatusCode.Accepted], cancellationToken);

        var login = await StepAsync("login", HttpMethod.Post, new Uri(baseUrl, "/auth/login"), new JsonObject { ["email"] = email, ["password"] = password },
            null, null, [HttpStatusCode.OK], cancellationToken);
        var token = TokenFields.Select(f => login?[f]?.GetValue<string>()).FirstOrDefault(t => !string.IsNullOrEmpty(t))
            ?? throw new PlatformException($"login: the response has none of {string.Join(", ", TokenFields)}");

        await StepAsync("update profile", HttpMethod.Put, new Uri(baseUrl, "/users/me"), new JsonObject { ["displayName"] = "Smoke Test" },
            token, null, [HttpStatusCode.OK, HttpStatusCode.NoContent], cancellationToken);

        var key = Guid.NewGuid().ToString();
        var invoice = new JsonObject { ["amount"] = 1234, ["currency"] = "EUR", ["description"] = "smoke test" };
        var first = await StepAsync("create invoice", HttpMethod.Post, new Uri(baseUrl, "/billing/invoices"), invoice,
            token, key, [HttpStatusCode.Created, HttpStatusCode.OK], cancellationToken);
        var retry = await StepAsync("retry invoice (same Idempotency-Key)", HttpMethod.Post, new Uri(baseUrl, "/billing/invoices"), invoice.DeepClone(),
            token, key, [HttpStatusCode.Created, HttpStatusCode.OK], cancellationToken);
        var id = first?["id"]?.ToString() ?? throw new PlatformException("create invoice: the response has no 'id'");
        if (retry?["id"]?.ToString() != id)
        {
            throw new PlatformException($"retry invoice: expected the first invoice {id} back, got {retry?["id"]}");
        }

        await StepAsync("pay invoice", HttpMethod.Post, new Uri(baseUrl, $"/billing/invoices/{id}/pay"), null,
            token, null, [HttpStatusCode.OK, HttpStatusCode.NoContent], cancellationToken);

        var clock = Stopwatch.StartNew();
        var seen = "";
        while (true)
        {
            var notifications = await StepAsync("list notifications", HttpMethod.Get, new Uri(baseUrl, "/notify/notifications"), null,
                token, null, [HttpStatusCode.OK], cancellationToken, quiet: true);
            seen = notifications?.ToJsonString() ?? "null";
            // Both invoice events name the invoice; the body shape is the notification service's, so match on the id.
            var mentions = notifications is JsonArray items ? items.Count(n => n?.ToJsonString().Contains(id, StringComparison.Ordinal) == true) : 0;
            if (mentions >= 2)
            {
                log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  notifications: {mentions} for invoice {id} after {clock.Elapsed.TotalSeconds:0.0} s"));
                return;
            }

            if (clock.Elapsed >= notificationBudget)
            {
                throw new PlatformException($"notifications: the two for invoice {id} did not appear within {notificationBudget.TotalSeconds:0} s; last list: {HealthProbeText(seen)}");
            }

            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        }
    }

    private async Task<JsonNode?> StepAsync(string step, HttpMethod method, Uri url, JsonNode? body, string? token, string? idempotencyKey,
        HttpStatusCode[] expected, CancellationToken cancellationToken, bool quiet = false)
    {
        using var request = new HttpRequestMessage(method, url);
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
        if (!expected.Contains(response.StatusCode))
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
