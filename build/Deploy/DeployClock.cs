using System.Globalization;
using Amazon.CloudFormation;
using Amazon.CloudFormation.Model;

namespace Platform.Build.Deploy;

/// <summary>
/// Where a deploy's time goes and how long is left: records each phase (change set ready, execution, per resource type, per
/// service rollout) and answers each wait's progress line with an estimate from this stack's history, else from typical
/// durations per resource type (docs/design/deploy-timings.md).
/// </summary>
public sealed class DeployClock
{
    readonly Lock _gate = new();
    readonly List<DeployPhase> _phases = [];
    int _taken;

    /// <summary>This stack's earlier durations (loaded from S3 before the deploy, saved after it); empty on a first deploy.</summary>
    public DeployHistory History { get; set; } = new();

    /// <summary>Every phase so far, in order.</summary>
    public IReadOnlyList<DeployPhase> Phases
    {
        get
        {
            lock (_gate)
                return [.. _phases];
        }
    }

    /// <summary>The phases recorded since the last call (each target reports its own).</summary>
    public IReadOnlyList<DeployPhase> TakeNew()
    {
        lock (_gate)
        {
            var taken = _phases.Skip(_taken).ToList();
            _taken = _phases.Count;
            return taken;
        }
    }

    /// <summary>Records a phase; <paramref name="kind"/> also adds it to the history ("update", "rollout", …).</summary>
    public void Record(string phase, TimeSpan duration, string? kind = null)
    {
        lock (_gate)
        {
            _phases.Add(new DeployPhase(phase, duration));
            if (kind is not null)
                History.Add(kind, duration);
        }
    }

    /// <summary>
    /// Each resource type's time in this operation, from the stack events: for every resource, its first *_IN_PROGRESS to its
    /// last *_COMPLETE; per type the longest (resources of one type run side by side).
    /// </summary>
    public void RecordResourceTypes(IEnumerable<StackEvent> events, string stackName)
    {
        var spans = events
            .Where(e => e.LogicalResourceId != stackName && e.Timestamp is not null && e.ResourceType is not null && e.ResourceStatus is not null)
            .GroupBy(e => (e.LogicalResourceId, e.ResourceType))
            .Select(g =>
            {
                var started = g.Where(e => e.ResourceStatus!.Value.EndsWith("_IN_PROGRESS", StringComparison.Ordinal)).Select(e => e.Timestamp!.Value).DefaultIfEmpty().Min();
                var finished = g.Where(e => e.ResourceStatus!.Value.EndsWith("_COMPLETE", StringComparison.Ordinal)).Select(e => e.Timestamp!.Value).DefaultIfEmpty().Max();
                return (Type: g.Key.ResourceType!, Duration: started == default || finished < started ? (TimeSpan?)null : finished - started);
            })
            .Where(s => s.Duration is not null);
        foreach (var type in spans.GroupBy(s => s.Type).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var longest = type.Max(s => s.Duration!.Value);
            lock (_gate)
            {
                _phases.Add(new DeployPhase($"  {type.Key}", longest));
                History.AddResourceType(type.Key, longest);
            }
        }
    }

    /// <summary>The expected duration of a stack operation of <paramref name="kind"/> applying <paramref name="changes"/>, and why.</summary>
    public (TimeSpan Expected, string Basis) ExpectStackOperation(string kind, IReadOnlyList<ResourceChange> changes)
    {
        if (DeployHistory.Median(History.Operations, kind) is var (median, count))
            return (median, $"median of this stack's last {count} {kind}(s)");
        // Resources without dependencies between them change side by side: the slowest one sets the pace.
        var slowest = changes
            .Where(c => c.ResourceType is not null)
            .Select(c => (Type: c.ResourceType!, Expected: DeployHistory.Median(History.ResourceTypes, c.ResourceType!)?.Median ?? TypicalDurations.Of(c.ResourceType!)))
            .OrderByDescending(c => c.Expected)
            .FirstOrDefault();
        return slowest.Type is null
            ? (TypicalDurations.OtherResource, "typical")
            : (slowest.Expected, $"slowest change: {slowest.Type}, typically {Format(slowest.Expected)}");
    }

    public (TimeSpan Expected, string Basis) Expect(string kind, TimeSpan typical) =>
        DeployHistory.Median(History.Operations, kind) is var (median, count)
            ? (median, $"median of this stack's last {count} {kind}(s)")
            : (typical, "typical");

    /// <summary>"about 4 min left (…)", or by how much the wait is over what was expected.</summary>
    public static string Outlook(TimeSpan elapsed, (TimeSpan Expected, string Basis) expectation) =>
        elapsed < expectation.Expected
            ? $"about {Format(expectation.Expected - elapsed)} left, {expectation.Basis}"
            : $"{Format(elapsed - expectation.Expected)} over the expected {Format(expectation.Expected)}, {expectation.Basis}";

    public static string Format(TimeSpan duration) =>
        duration.TotalMinutes >= 1
            ? string.Create(CultureInfo.InvariantCulture, $"{Math.Round(duration.TotalMinutes, 1):0.#} min")
            : string.Create(CultureInfo.InvariantCulture, $"{Math.Max(0, Math.Round(duration.TotalSeconds)):0} s");
}

public sealed record DeployPhase(string Name, TimeSpan Duration);
