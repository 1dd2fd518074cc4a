namespace Platform.ServiceDefaults.Outbox;

/// <summary>How the publisher polls and backs off; tests shorten these.</summary>
public sealed class OutboxOptions
{
    /// <summary>Pause between polls when the outbox is empty.</summary>
    public TimeSpan IdleDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>First retry delay after a failure; doubles up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(30);

    public int BatchSize { get; set; } = 10;
}
