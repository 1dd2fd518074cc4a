namespace Platform.ServiceDefaults.Health;

public static class HealthDefaults
{
    /// <summary>Each dependency probe gets this long; they run concurrently, so /health answers in about this time at worst.</summary>
    public static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(2);

    /// <summary>How long a deep result is reused, so ALB probes and dashboards do not hammer the dependencies.</summary>
    public static readonly TimeSpan CacheDuration = TimeSpan.FromSeconds(5);

    /// <summary>The tag of checks that gate /health; issue-specific checks (e.g. a queue consumer) add themselves with it.</summary>
    public const string DeepTag = "deep";

    public const string DbTcp = "db_tcp";
    public const string SqsAccess = "sqs_access";
}
