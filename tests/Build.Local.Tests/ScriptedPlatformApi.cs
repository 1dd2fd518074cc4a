using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Platform.Build.Local.Tests;

/// <summary>
/// The four services' public API as the end-to-end flow sees it, in memory, with switches for the failures the flow
/// must catch. It models the contract (status codes, field names, idempotent create), not the services' internals:
/// the real services run the same flow in .ci/run.
/// </summary>
internal sealed class ScriptedPlatformApi
{
    private readonly Dictionary<string, string> _passwords = [];
    private readonly Dictionary<string, JsonObject> _invoicesByKey = [];
    private readonly List<string> _notifications = [];
    private string? _displayName;

    /// <summary>When false, a retry with the same Idempotency-Key creates a second invoice.</summary>
    public bool HonoursIdempotencyKey { get; init; } = true;

    /// <summary>When false, no event ever becomes a notification (the consumer is stuck).</summary>
    public bool DeliversEvents { get; init; } = true;

    /// <summary>Every request body received, to check what the flow sends (and that it sends the password only to auth).</summary>
    public List<string> Bodies { get; } = [];

    /// <summary>Every request's traceparent header ("" when it had none), to check the flow is one trace.</summary>
    public List<string> TraceParents { get; } = [];

    public async Task HandleAsync(string service, HttpContext context)
    {
        var request = context.Request;
        using var reader = new StreamReader(request.Body);
        var body = await reader.ReadToEndAsync();
        Bodies.Add(body);
        TraceParents.Add(request.Headers["traceparent"].ToString());
        var json = body.Length > 0 ? JsonNode.Parse(body) : null;
        var signedIn = request.Headers.Authorization.ToString() == "Bearer scripted-token";
        var route = $"{request.Method} {request.Path}";
        switch (route)
        {
            case "POST /auth/register":
                _passwords[json!["email"]!.GetValue<string>()] = json["password"]!.GetValue<string>();
                Notify("user.registered");
                await ReplyAsync(context, 202, new JsonObject { ["message"] = "Registration accepted." });
                return;
            case "POST /auth/login":
                var ok = _passwords.TryGetValue(json!["email"]!.GetValue<string>(), out var password) && password == json["password"]!.GetValue<string>();
                await ReplyAsync(context, ok ? 200 : 401, ok ? new JsonObject { ["accessToken"] = "scripted-token", ["tokenType"] = "Bearer", ["expiresIn"] = 900 } : Problem("Sign-in failed"));
                return;
        }

        if (!signedIn)
        {
            await ReplyAsync(context, 401, Problem("Sign in required"));
            return;
        }

        switch (route)
        {
            case "PUT /users/me":
                _displayName = json!["displayName"]!.GetValue<string>();
                await ReplyAsync(context, 200, Profile());
                return;
            case "GET /users/me":
                await ReplyAsync(context, 200, Profile());
                return;
            case "POST /billing/invoices":
                await ReplyAsync(context, 201, CreateInvoice(request.Headers["Idempotency-Key"].ToString(), json!));
                return;
            case "GET /billing/invoices":
                await ReplyAsync(context, 200, new JsonArray([.. _invoicesByKey.Values.Select(i => i.DeepClone())]));
                return;
            case "GET /notify/notifications":
                await ReplyAsync(context, 200, new JsonArray([.. _notifications.Select(kind => (JsonNode)new JsonObject { ["kind"] = kind })]));
                return;
        }

        var invoice = _invoicesByKey.Values.FirstOrDefault(i => route == $"POST /billing/invoices/{i["id"]}/pay");
        if (invoice is null)
        {
            await ReplyAsync(context, 404, Problem("Not Found"));
            return;
        }

        invoice["status"] = "paid";
        Notify("invoice.paid");
        await ReplyAsync(context, 200, invoice.DeepClone());
    }

    private JsonObject CreateInvoice(string key, JsonNode request)
    {
        if (HonoursIdempotencyKey && _invoicesByKey.TryGetValue(key, out var first))
        {
            return (JsonObject)first.DeepClone();
        }

        var invoice = new JsonObject
        {
            ["id"] = Guid.NewGuid().ToString(),
            ["amountMinor"] = request["amountMinor"]!.GetValue<long>(),
            ["currency"] = request["currency"]!.GetValue<string>(),
            ["status"] = "open",
        };
        _invoicesByKey[HonoursIdempotencyKey ? key : Guid.NewGuid().ToString()] = invoice;
        Notify("invoice.created");
        return (JsonObject)invoice.DeepClone();
    }

    private JsonObject Profile() => new() { ["email"] = _passwords.Keys.Single(), ["displayName"] = _displayName };

    private void Notify(string kind)
    {
        if (DeliversEvents)
        {
            _notifications.Add(kind);
        }
    }

    private static JsonObject Problem(string title) => new() { ["title"] = title };

    private static Task ReplyAsync(HttpContext context, int status, JsonNode body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(body.ToJsonString(new JsonSerializerOptions()));
    }
}
