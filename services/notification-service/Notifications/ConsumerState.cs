namespace Platform.NotificationService.Notifications;

/// <summary>What the consumer is doing, for the deep health response.</summary>
public sealed class ConsumerState
{
    private long _processed;
    private long _failures;

    public bool Running { get; set; }

    public DateTimeOffset? LastSuccessfulPoll { get; set; }

    public string? LastError { get; set; }

    public long Processed => Interlocked.Read(ref _processed);

    public long Failures => Interlocked.Read(ref _failures);

    public void RecordProcessed() => Interlocked.Increment(ref _processed);

    public void RecordFailure(string error)
    {
        Interlocked.Increment(ref _failures);
        LastError = error;
    }
}
