using BuildCore;
using System.Text.Json;
using Platform.Build.Aws;
using Platform.Build.Deploy;

// Where a deploy's time goes and how long is left (docs/design/deploy-timings.md): each wait's progress line estimates what is
// left from this stack's history (S3, next to the templates), else typical durations; the phases inside the deploy targets
// become rows of the end-of-run table and artifacts/deploy-timings.json.
partial class Build
{
    internal DeployClock DeployClock { get; } = new();

    AbsolutePath DeployTimingsFile => ArtifactsDirectory / "deploy-timings.json";

    readonly List<TimedPhase> _timedPhases = [];
    bool _historyLoaded;

    /// <summary>Reads this stack's history once per run, before the first wait that estimates from it.</summary>
    async Task LoadDeployHistoryAsync(AwsClientFactory aws, CancellationToken cancellationToken)
    {
        if (_historyLoaded)
            return;
        _historyLoaded = true;
        await TemplateUrlAsync(aws, cancellationToken);
        var account = (await CallerIdentityAsync(aws, cancellationToken)).Account;
        using var s3 = aws.CreateS3();
        var stored = await new DeployHistoryStore(s3, Log).LoadAsync(_templateBucketName!, ResolvedStackName, account, cancellationToken);
        // Push's phase 1 may already have timed a create in this run.
        DeployClock.History = stored.With(DeployClock.History);
    }

    /// <summary>After a deploy target: its phases into the table and the JSON file, and the history (when something was learned) back to S3.</summary>
    async Task FinishDeployTimingsAsync(string target, AwsClientFactory aws, CancellationToken cancellationToken)
    {
        var phases = DeployClock.TakeNew();
        if (phases.Count == 0)
            return;
        foreach (var phase in TableRows(phases))
            ReportPhase(phase.Name, phase.Duration);
        _timedPhases.AddRange(phases.Select(p => new TimedPhase(target, p.Name.Trim(), Math.Round(p.Duration.TotalSeconds, 3))));
        Directory.CreateDirectory(ArtifactsDirectory);
        await File.WriteAllTextAsync(DeployTimingsFile, JsonSerializer.Serialize(new
        {
            stack = ResolvedStackName,
            environment = Env,
            recordedAt = DateTimeOffset.UtcNow,
            phases = _timedPhases,
        }, s_indented), CancellationToken.None);
        if (_historyLoaded && _templateBucketName is { } bucket)
        {
            var account = (await CallerIdentityAsync(aws, cancellationToken)).Account;
            using var s3 = aws.CreateS3();
            await new DeployHistoryStore(s3, Log).SaveAsync(bucket, ResolvedStackName, account, DeployClock.History, CancellationToken.None);
        }
    }

    /// <summary>The table keeps the slowest resource types of each stack operation (the JSON file has them all).</summary>
    static IEnumerable<DeployPhase> TableRows(IReadOnlyList<DeployPhase> phases)
    {
        var types = new List<DeployPhase>();
        foreach (var phase in phases.Append(new DeployPhase("", TimeSpan.Zero)))
        {
            if (phase.Name.StartsWith("  ", StringComparison.Ordinal))
            {
                types.Add(phase);
                continue;
            }
            foreach (var slowest in types.OrderByDescending(t => t.Duration).Take(SlowestTypesShown))
                yield return slowest;
            types.Clear();
            if (phase.Name.Length > 0)
                yield return phase;
        }
    }

    const int SlowestTypesShown = 3;

    static readonly JsonSerializerOptions s_indented = new() { WriteIndented = true };

    sealed record TimedPhase(string Target, string Phase, double Seconds);
}
