using System.Text.Json.Serialization;

namespace Platform.Build.Deploy;

/// <summary>
/// How long this stack's operations took before: per kind ("create", "update", "changeSet", "rollout") and per resource type,
/// the last <see cref="Kept"/> durations in seconds. Kept in S3 next to the templates, so a fresh CI runner knows it too
/// (docs/design/deploy-timings.md).
/// </summary>
public sealed class DeployHistory
{
    public const int Kept = 10;

    [JsonPropertyName("operations")]
    public Dictionary<string, List<double>> Operations { get; init; } = new(StringComparer.Ordinal);

    [JsonPropertyName("resourceTypes")]
    public Dictionary<string, List<double>> ResourceTypes { get; init; } = new(StringComparer.Ordinal);

    public void Add(string kind, TimeSpan duration) => Append(Operations, kind, duration);

    public void AddResourceType(string type, TimeSpan duration) => Append(ResourceTypes, type, duration);

    /// <summary>This history with <paramref name="recent"/>'s durations after its own (what this run learned before it was loaded).</summary>
    public DeployHistory With(DeployHistory recent)
    {
        ArgumentNullException.ThrowIfNull(recent);
        foreach (var (kind, seconds) in recent.Operations)
            seconds.ForEach(s => Add(kind, TimeSpan.FromSeconds(s)));
        foreach (var (type, seconds) in recent.ResourceTypes)
            seconds.ForEach(s => AddResourceType(type, TimeSpan.FromSeconds(s)));
        return this;
    }

    /// <summary>The median of the kept durations, and how many there are; null when there are none.</summary>
    public static (TimeSpan Median, int Count)? Median(Dictionary<string, List<double>> durations, string key)
    {
        if (!durations.TryGetValue(key, out var list) || list.Count == 0)
            return null;
        var sorted = list.Order().ToList();
        var middle = sorted.Count / 2;
        var median = sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
        return (TimeSpan.FromSeconds(median), sorted.Count);
    }

    static void Append(Dictionary<string, List<double>> durations, string key, TimeSpan duration)
    {
        if (!durations.TryGetValue(key, out var list))
            durations[key] = list = [];
        list.Add(Math.Round(duration.TotalSeconds, 3));
        if (list.Count > Kept)
            list.RemoveRange(0, list.Count - Kept);
    }
}

/// <summary>
/// What a wait is expected to take when this stack has no history for it: rough, typical figures per resource type
/// (creating an RDS instance takes minutes, a NAT gateway a couple, an ECS service until its tasks are healthy). They are
/// a starting point only; the stack's own history replaces them after its first deploy.
/// </summary>
public static class TypicalDurations
{
    static readonly Dictionary<string, TimeSpan> s_byType = new(StringComparer.Ordinal)
    {
        ["AWS::RDS::DBInstance"] = TimeSpan.FromMinutes(10),
        ["AWS::EC2::NatGateway"] = TimeSpan.FromMinutes(2),
        ["AWS::ECS::Service"] = TimeSpan.FromMinutes(3),
        ["AWS::ElasticLoadBalancingV2::LoadBalancer"] = TimeSpan.FromMinutes(3),
        ["AWS::KMS::Key"] = TimeSpan.FromMinutes(1),
        ["AWS::SecretsManager::Secret"] = TimeSpan.FromSeconds(30),
    };

    public static readonly TimeSpan OtherResource = TimeSpan.FromSeconds(30);

    public static readonly TimeSpan ChangeSet = TimeSpan.FromSeconds(20);

    /// <summary>An ECS deployment reaching COMPLETED: new tasks started, healthy behind the load balancer, old ones drained.</summary>
    public static readonly TimeSpan Rollout = TimeSpan.FromMinutes(3);

    /// <summary>A Fargate one-off task (the database role step): provisioned, image pulled, run to its exit.</summary>
    public static readonly TimeSpan OneOffTask = TimeSpan.FromMinutes(1);

    public static TimeSpan Of(string type) => s_byType.GetValueOrDefault(type, OtherResource);
}
