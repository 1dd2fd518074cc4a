namespace Platform.NotificationService.Notifications;

/// <summary>How the events consumer polls SQS; tests shorten the waits.</summary>
public sealed class ConsumerOptions
{
    /// <summary>Long polling: SQS holds the receive open up to this long (20 s is the maximum and the cheapest).</summary>
    public int WaitTimeSeconds { get; set; } = 20;

    public int MaxNumberOfMessages { get; set; } = 10;

    /// <summary>Pause after a failed receive (SQS down) before the next try.</summary>
    public TimeSpan ErrorDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Tests only: runs after a message's notification is committed and before it is deleted (the crash window).</summary>
    public Func<string, CancellationToken, Task>? AfterCommit { get; set; }
}
