namespace Platform.ServiceDefaults.Outbox;

/// <summary>The LISTEN/NOTIFY channel that wakes a service's outbox publisher (PostgreSQL channels are per database).</summary>
internal static class OutboxChannel
{
    public static string For(PlatformService service) => service.Schema + "_outbox";
}
