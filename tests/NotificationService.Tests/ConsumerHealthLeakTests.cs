using System.Text.Json.Nodes;
using AwesomeAssertions;
using Platform.Testing;

namespace Platform.NotificationService.Tests;

[Trait("Category", "Integration")]
public sealed class ConsumerHealthLeakTests(PlatformContainers containers)
{
    [Fact]
    public async Task HealthShowsTheConsumersFailuresAsCountsNeverAsExceptionText()
    {
        // Given a consumer whose queue does not exist, so every receive fails
        var ct = TestContext.Current.CancellationToken;
        var queueUrl = PlatformContainers.MissingQueueUrl(await containers.CreateQueueAsync("notify-probe", ct));
        await using var host = await IsolatedService.StartAsync<Program>(containers, "notify", ct, new IsolatedServiceOptions { QueueUrl = queueUrl });
        using var client = host.CreateClient();

        // When it has failed at least once
        var health = await HealthResponse.WaitForAsync(
            client, "/notify/health", h => h.Json?["details"]?["events_consumer"]?["failures"]?.GetValue<string>() is { } n && n != "0", TimeSpan.FromSeconds(15), ct);

        // Then the body counts the failures and says nothing of what they were
        var consumer = health.Json!["details"]!["events_consumer"]!.AsObject();
        consumer["failures"]!.GetValue<string>().Should().NotBe("0", health.Body);
        consumer.Select(p => p.Key).Should().BeEquivalentTo(["running", "lastSuccessfulPoll", "messagesProcessed", "failures"]);
        health.Body.Should().NotContainAny(["does not exist", "exception", "Exception", "receive failed"]);
        host.Factory.Logs.Entries.Should().Contain(e => e.Message.Contains("does not exist", StringComparison.Ordinal), "the reason goes to the log instead");
    }
}
