using BuildCore;
using Platform.Build.Deploy;

// The risk gate (docs/design/risk-gate.md): a change set that replaces or removes a resource holding data or identity is
// executed only for the resources named in --allow-replace; --change-set-only exits 2 when it holds such a change.
partial class Build
{
    /// <summary>The exit code of DeployStack --change-set-only when the change set holds risky changes: a workflow asks for approval on it.</summary>
    public const int RiskyChangeSetExitCode = 2;

    [Parameter("DeployStack: logical IDs whose replacement or removal this deploy may execute, e.g. Database or Database,EventsQueue (the change set names them; default: none).",
        ReadBy = [nameof(DeployStack)])]
    readonly string[] AllowReplace = [];

    AbsolutePath ChangeSetReportFile => ArtifactsDirectory / "changeset.md";

    IReadOnlySet<string> AllowedReplacements =>
        AllowReplace.SelectMany(a => a.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToHashSet(StringComparer.Ordinal);

    /// <summary>Each --allow-replace name must be a resource of the template: a typo must not look like an approval.</summary>
    void CheckAllowReplace()
    {
        var resources = Template.ResourceTypes.Keys.ToList();
        var unknown = AllowedReplacements.Where(id => !Template.ResourceTypes.ContainsKey(id)).ToList();
        if (unknown.Count > 0)
        {
            throw new BuildException(string.Join(Environment.NewLine, unknown.Select(id =>
                $"--allow-replace {id}: the template {Template.Path} has no resource {id}.{Suggestions.DidYouMean(id, resources)}")));
        }
    }

    /// <summary>--change-set-only on a change set with risky changes: stop with exit code 2, the summary already written.</summary>
    void StopIfRisky(StackDeployResult result)
    {
        if (result.Risky.Count == 0)
            return;
        throw new StopBuildException(
            $"change set {result.ChangeSetName} holds {result.Risky.Count} risky change(s) ({string.Join(", ", result.Risky.Select(r => $"{r.LogicalId} {r.Change}"))}); " +
            $"summary in {Path.GetRelativePath(RootDirectory, ChangeSetReportFile)}. Executing it needs --allow-replace {string.Join(",", result.Risky.Select(r => r.LogicalId))}.",
            RiskyChangeSetExitCode);
    }
}
