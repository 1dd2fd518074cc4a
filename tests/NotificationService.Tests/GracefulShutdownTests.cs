using System.Diagnostics;
using AwesomeAssertions;
using Platform.Testing;

namespace Platform.NotificationService.Tests;

/// <summary>
/// A redeploy mid-stream: the consumer is stopped gracefully while events keep arriving, and a new one starts. The
/// consumer reaches SQS over a link that holds replies 100 ms (a network away, as in AWS), and the queue's visibility
/// timeout is 30 s, as in production: a message stranded by the stop (received for a request that was then dropped)
/// would show up 30 s late; every event must instead be recorded exactly once within 10 s of the new consumer's start
/// (a third of the timeout: 2 s missed one event of 60 by a little with four test projects on 2 cores, 2026-12-01).
/// </summary>
[Trait("Category", "Integration")]
public sealed class GracefulShutdownTests(PlatformContainers containers)
{
    private const int Events = 60;
    private static readonly TimeSpan RestartBound = TimeSpan.FromSeconds(10);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ConsumerStoppedMidStreamAndRestartedRecordsEveryEventOnceLongBeforeTheVisibilityTimeout()
    {
        // Given a consumer long-polling 5 s at a time, and events arriving every 25 ms
        await using var host = await NotifyHost.CreateAsync(containers, Ct, visibilityTimeoutSeconds: 30);
        using var link = new SlowLink(containers.SqsEndpoint, TimeSpan.FromMilliseconds(100));
        host.Start(waitTimeSeconds: 5, sqsEndpoint: link.Url);
        var sent = 0;
        var sender = Task.Run(
            async () =>
            {
                for (; sent < Events; sent++)
                {
                    await host.SendAsync(NotifyHost.Event("invoice.created", Guid.NewGuid()), Ct);
                    await Task.Delay(25, Ct);
                }
            },
            Ct);

        // When the consumer is stopped (SIGTERM) a third of the way in, and started again after the last event
        await NotifyHost.EventuallyAsync(() => Task.FromResult(Volatile.Read(ref sent) >= Events / 3), TimeSpan.FromSeconds(20));
        await host.StopAsync();
        await sender;
        host.Start(waitTimeSeconds: 5, sqsEndpoint: link.Url);
        var restarted = Stopwatch.StartNew();
        var allArrived = await NotifyHost.EventuallyAsync(async () => await host.ScalarAsync("SELECT count(*) FROM notify.notifications") >= Events, RestartBound);
        var elapsed = restarted.Elapsed;

        // Then
        var rows = await host.ScalarAsync("SELECT count(*) FROM notify.notifications");
        var distinct = await host.ScalarAsync("SELECT count(DISTINCT event_id) FROM notify.notifications");
        TestContext.Current.TestOutputHelper?.WriteLine($"FIGURE graceful restart: {rows} of {Events} events recorded {elapsed.TotalMilliseconds:0} ms after the restart");
        allArrived.Should().BeTrue($"all {Events} events within {RestartBound.TotalSeconds} s of the restart (found {rows})");
        rows.Should().Be(Events);
        distinct.Should().Be(Events);
    }
}
