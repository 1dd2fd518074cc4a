using System.Text.Json;

namespace Platform.NotificationService.Notifications;

/// <summary>The part of an event envelope a notification needs; anything else in it is ignored.</summary>
internal sealed record NotificationEvent(string EventId, string Type, Guid UserId)
{
    private static readonly HashSet<string> KnownTypes = ["user.registered", "invoice.created", "invoice.paid"];

    /// <summary>Null with a reason when the message cannot be processed (it stays in the queue and ends in the DLQ).</summary>
    public static NotificationEvent? Parse(string body, out string? error)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String
                || !root.TryGetProperty("id", out var id) || id.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(id.GetString()))
            {
                error = "envelope lacks type or id";
                return null;
            }

            if (!KnownTypes.Contains(type.GetString()!))
            {
                error = $"unknown event type '{type.GetString()}'";
                return null;
            }

            if (!root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object
                || !data.TryGetProperty("userId", out var user) || user.ValueKind != JsonValueKind.String || !Guid.TryParse(user.GetString(), out var userId))
            {
                error = "event has no data.userId";
                return null;
            }

            error = null;
            return new NotificationEvent(id.GetString()!, type.GetString()!, userId);
        }
        catch (JsonException)
        {
            error = "malformed JSON";
            return null;
        }
    }
}
