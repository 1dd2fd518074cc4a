using AwesomeAssertions;
using Microsoft.Extensions.Logging.Abstractions;
using Platform.ServiceDefaults.Outbox;

namespace Platform.BillingService.Tests;

/// <summary>
/// The wake-up after commits: never more than one NOTIFY in flight per task, and every commit is followed by a NOTIFY
/// that started after it (so the publisher never sleeps on a committed row until the poll).
/// </summary>
public sealed class OutboxNotifierTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Commits_while_a_notify_is_in_flight_are_covered_by_exactly_one_more()
    {
        var calls = 0;
        var firstStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var firstMayFinish = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var secondDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var notifier = new OutboxNotifier(async () =>
        {
            var call = Interlocked.Increment(ref calls);
            if (call == 1)
            {
                firstStarted.SetResult();
                await firstMayFinish.Task;
            }
            else
            {
                secondDone.TrySetResult();
            }
        }, NullLogger<OutboxNotifier>.Instance);

        notifier.Committed();
        await firstStarted.Task.WaitAsync(Patience, TestContext.Current.CancellationToken);
        for (var i = 0; i < 100; i++)
        {
            notifier.Committed();
        }

        await Task.Delay(200, TestContext.Current.CancellationToken);
        Volatile.Read(ref calls).Should().Be(1, "one NOTIFY in flight at a time");
        firstMayFinish.SetResult();
        await secondDone.Task.WaitAsync(Patience, TestContext.Current.CancellationToken);
        await Task.Delay(200, TestContext.Current.CancellationToken);
        Volatile.Read(ref calls).Should().Be(2, "the hundred commits during the first NOTIFY need one more, not a hundred");
    }

    [Fact]
    public async Task A_commit_after_the_notifier_went_idle_sends_again_and_a_failed_notify_does_not_stop_it()
    {
        var calls = 0;
        var called = new SemaphoreSlim(0);
        var notifier = new OutboxNotifier(() =>
        {
            var call = Interlocked.Increment(ref calls);
            called.Release();
            return call == 1 ? Task.FromException(new InvalidOperationException("pool exhausted")) : Task.CompletedTask;
        }, NullLogger<OutboxNotifier>.Instance);

        notifier.Committed();
        (await called.WaitAsync(Patience, TestContext.Current.CancellationToken)).Should().BeTrue();
        // Idle again once the failed call has returned; the next commit starts a new NOTIFY.
        await Task.Delay(200, TestContext.Current.CancellationToken);
        notifier.Committed();
        (await called.WaitAsync(Patience, TestContext.Current.CancellationToken)).Should().BeTrue();

        Volatile.Read(ref calls).Should().Be(2);
    }

    [Fact]
    public void A_commit_wakes_this_tasks_publisher_at_once_and_the_next_arm_waits_for_the_next_one()
    {
        var notifier = new OutboxNotifier(() => Task.CompletedTask, NullLogger<OutboxNotifier>.Instance);

        var first = notifier.Arm();
        var unchanged = notifier.Arm();
        notifier.Committed();
        var second = notifier.Arm();
        notifier.Signal();

        unchanged.Should().BeSameAs(first, "arming again before a commit keeps the same wake-up");
        first.IsCompleted.Should().BeTrue("the commit woke the armed publisher");
        second.Should().NotBeSameAs(first);
        second.IsCompleted.Should().BeTrue("a notification the session handed over wakes it too");
        notifier.Arm().IsCompleted.Should().BeFalse("nothing has committed since");
    }
}
