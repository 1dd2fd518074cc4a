using System.Text.Json.Nodes;
using AwesomeAssertions;
using Platform.Testing;

namespace Platform.NotificationService.Tests;

/// <summary>The skeleton's exact health bodies, plus the consumer's check (running) and its details, which carry timestamps.</summary>
internal static class ConsumerHealthBody
{
    public static void ShouldMatch(HealthResponse health, string expected)
    {
        var json = JsonNode.Parse(health.Body)!.AsObject();
        if (json["checks"] is not JsonObject checks)
        {
            health.Body.Should().Be(expected); // liveness: no checks at all
            return;
        }

        checks["events_consumer"]!.GetValue<bool>().Should().BeTrue("the consumer runs in every skeleton scenario");
        json["details"]!["events_consumer"]!["running"]!.GetValue<string>().Should().Be("True");
        checks.Remove("events_consumer");
        json.Remove("details");
        json.ToJsonString().Should().Be(expected);
    }
}
