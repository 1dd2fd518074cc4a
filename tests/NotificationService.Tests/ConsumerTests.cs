using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AwesomeAssertions;
using Microsoft.Extensions.DependencyInjection;
using Platform.Testing;

namespace Platform.NotificationService.Tests;

[Trait("Category", "Integration")]
public sealed class ConsumerTests(PlatformContainers containers)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_event_becomes_one_notification_listed_for_its_user_only()
    {
        await using var host = await NotifyHost.CreateAsync(containers, Ct);
        host.Start();
        var user = Guid.NewGuid();
        await host.SendAsync(NotifyHost.Event("invoice.created", user), Ct);
        await host.SendAsync(NotifyHost.Event("invoice.paid", user), Ct);

        (await NotifyHost.EventuallyAsync(async () => await host.ScalarAsync("SELECT count(*) FROM notify.notifications") == 2, TimeSpan.FromSeconds(20))).Should().BeTrue();
        using var client = host.Client(user);
        var list = await client.GetFromJsonAsync<JsonElement>("/notify/notifications", Ct);
        list.EnumerateArray().Select(n => n.GetProperty("kind").GetString()).Should().BeEquivalentTo(["invoice.created", "invoice.paid"]);
        using var other = host.Client(Guid.NewGuid());
        (await other.GetFromJsonAsync<JsonElement>("/notify/notifications", Ct)).GetArrayLength().Should().Be(0);
        using var anonymous = host.App.CreateClient();
        (await anonymous.GetAsync("/notify/notifications", Ct)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task The_same_message_delivered_twice_is_one_notification()
    {
        await using var host = await NotifyHost.CreateAsync(containers, Ct);
        var body = NotifyHost.Event("invoice.created", Guid.NewGuid());
        await host.SendAsync(body, Ct);
        await host.SendAsync(body, Ct);
        host.Start();

        (await NotifyHost.EventuallyAsync(async () => await QueueDepthAsync(host.QueueUrl) == 0, TimeSpan.FromSeconds(20))).Should().BeTrue("both copies are consumed and deleted");
        (await host.ScalarAsync("SELECT count(*) FROM notify.notifications")).Should().Be(1);
    }

    [Fact]
    public async Task A_poison_message_ends_in_the_DLQ_and_the_good_ones_behind_it_are_processed()
    {
        await using var host = await NotifyHost.CreateAsync(containers, Ct);
        await host.SendAsync("{not json", Ct);
        await host.SendAsync("{\"type\":\"unknown.kind\",\"id\":\"x\",\"data\":{\"userId\":\"" + Guid.NewGuid() + "\"}}", Ct);
        await host.SendAsync("{\"type\":\"invoice.created\",\"id\":\"y\",\"data\":{}}", Ct);
        for (var i = 0; i < 5; i++)
        {
            await host.SendAsync(NotifyHost.Event("invoice.created", Guid.NewGuid()), Ct);
        }

        host.Start();
        (await NotifyHost.EventuallyAsync(async () => await host.ScalarAsync("SELECT count(*) FROM notify.notifications") == 5, TimeSpan.FromSeconds(20))).Should().BeTrue();
        (await NotifyHost.EventuallyAsync(async () => await QueueDepthAsync(host.DlqUrl) == 3, TimeSpan.FromSeconds(30))).Should().BeTrue("the three poison messages are redriven");
        (await host.ScalarAsync("SELECT count(*) FROM notify.notifications")).Should().Be(5);

        using var client = host.App.CreateClient();
        var health = await client.GetFromJsonAsync<JsonElement>("/notify/health", Ct);
        var consumer = health.GetProperty("details").GetProperty("events_consumer");
        consumer.GetProperty("running").GetString().Should().Be("True");
        consumer.GetProperty("messagesProcessed").GetString().Should().Be("5");
        long.Parse(consumer.GetProperty("failures").GetString()!, System.Globalization.CultureInfo.InvariantCulture).Should().BeGreaterThanOrEqualTo(3);
        health.GetProperty("checks").GetProperty("events_consumer").GetBoolean().Should().BeTrue();
    }

    [Fact]
    public async Task ConsumedFailedAndDeadLetteredEventsAreCounted()
    {
        // Given a running consumer whose meter is recorded (maxReceiveCount 2)
        await using var host = await NotifyHost.CreateAsync(containers, Ct);
        host.Start();
        using var metrics = new MeterRecorder(host.App.Services);

        // When one good event and one unparseable message arrive
        await host.SendAsync(NotifyHost.Event("invoice.created", Guid.NewGuid()), Ct);
        await host.SendAsync("{not json", Ct);

        // Then the good one is consumed, the bad one fails on each of its two receives and the last is a dead letter
        (await NotifyHost.EventuallyAsync(async () => await QueueDepthAsync(host.DlqUrl) == 1, TimeSpan.FromSeconds(30))).Should().BeTrue("the poison message is redriven");
        metrics.Total("platform.events.consumed", "event.type=invoice.created").Should().Be(1);
        metrics.Total("platform.events.failed", "reason=unparseable").Should().Be(NotifyHost.MaxReceiveCount);
        metrics.Total("platform.events.dead_lettered").Should().Be(1);
    }

    [Fact]
    public async Task Consumer_stopped_after_commit_before_delete_loses_and_doubles_nothing()
    {
        const int events = 12;
        await using var host = await NotifyHost.CreateAsync(containers, Ct);
        var ids = Enumerable.Range(0, events).Select(_ => Guid.NewGuid().ToString()).ToList();
        foreach (var id in ids)
        {
            await host.SendAsync(NotifyHost.Event("invoice.created", Guid.NewGuid(), id), Ct);
        }

        // The third commit "crashes" the host: the hook blocks in the commit→delete window and the host is disposed.
        var commits = 0;
        var crashed = new TaskCompletionSource();
        host.Start(async (_, stopping) =>
        {
            if (Interlocked.Increment(ref commits) == 3)
            {
                crashed.TrySetResult();
                await Task.Delay(Timeout.Infinite, stopping);
            }
        });
        await crashed.Task.WaitAsync(TimeSpan.FromSeconds(20), Ct);
        await host.StopAsync();
        var committedBeforeCrash = await host.ScalarAsync("SELECT count(*) FROM notify.notifications");

        host.Start(); // a new task: picks up what was not deleted once the visibility timeout runs out
        (await NotifyHost.EventuallyAsync(async () => await QueueDepthAsync(host.QueueUrl) == 0 && await host.ScalarAsync("SELECT count(*) FROM notify.notifications") == events, TimeSpan.FromSeconds(30))).Should().BeTrue();

        var rows = await host.ScalarAsync("SELECT count(*) FROM notify.notifications");
        var distinct = await host.ScalarAsync("SELECT count(DISTINCT event_id) FROM notify.notifications");
        var lost = events - distinct;
        var duplicated = rows - distinct;
        TestContext.Current.TestOutputHelper?.WriteLine($"FIGURE crash test: {events} events, {committedBeforeCrash} committed before the crash, lost {lost}, duplicated {duplicated}");
        lost.Should().Be(0);
        duplicated.Should().Be(0);
    }

    [Fact]
    public async Task A_stopped_consumer_makes_the_deep_health_503()
    {
        await using var host = await NotifyHost.CreateAsync(containers, Ct);
        host.Start();
        using var client = host.App.CreateClient();
        (await client.GetAsync("/notify/health", Ct)).StatusCode.Should().Be(HttpStatusCode.OK);
        var consumer = host.App.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>()
            .Single(s => s.GetType().Name == "EventConsumer");
        await consumer.StopAsync(Ct);
        using var response = await client.GetAsync("/notify/health", Ct);
        response.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        body.GetProperty("checks").GetProperty("events_consumer").GetBoolean().Should().BeFalse();
    }

    [Fact]
    public async Task OpenApi_document_and_bad_requests_are_never_5xx()
    {
        await using var host = await NotifyHost.CreateAsync(containers, Ct);
        host.Start();
        using var client = host.Client(Guid.NewGuid());
        (await client.GetStringAsync("/notify/openapi/v1.json", Ct)).Should().Contain("/notify/notifications");
        foreach (var (method, path) in new[] { ("POST", "/notify/notifications"), ("GET", "/notify/notifications/x"), ("DELETE", "/notify/notifications"), ("GET", "/notify/notifications?limit=abc") })
        {
            using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path), Ct);
            ((int)response.StatusCode).Should().BeLessThan(500, $"{method} {path}");
        }
    }

    private async Task<int> QueueDepthAsync(string queueUrl)
    {
        using var sqs = containers.CreateSqsClient();
        var attributes = await sqs.GetQueueAttributesAsync(queueUrl, ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"], Ct);
        return attributes.ApproximateNumberOfMessages + attributes.ApproximateNumberOfMessagesNotVisible;
    }
}
