namespace Platform.ServiceDefaults.Outbox;

/// <summary>How the publisher wakes, polls and backs off; tests shorten these.</summary>
public sealed class OutboxOptions
{
    /// <summary>
    /// The safety-net poll: a committed row NOTIFYs the publisher at once, so this only matters for a notification
    /// lost with a broken listener connection or a task that stopped between its commit and its NOTIFY, a NOTIFY refused
    /// under overload, or rows another task's publisher left behind.
    /// </summary>
    public TimeSpan IdleDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>First retry delay after a failure; doubles up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Rows read per round; sent in SendMessageBatch calls of ten (the SQS maximum).</summary>
    public int ReadSize { get; set; } = 100;
}
