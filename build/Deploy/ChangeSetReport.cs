using System.Text;
using Amazon.CloudFormation;
using Amazon.CloudFormation.Model;

namespace Platform.Build.Deploy;

/// <summary>
/// The change set as a reviewer reads it: risky changes first (what forces them, what is lost, the flag that allows them), then
/// every change. The console gets text; artifacts/changeset.md and GitHub's job summary get the same as Markdown.
/// </summary>
public static class ChangeSetReport
{
    public static string Text(IReadOnlyList<RiskyChange> risky)
    {
        if (risky.Count == 0)
            return "Risk gate: no change replaces or removes a resource that holds data or identity.";
        var text = new StringBuilder($"Risk gate: {risky.Count} risky change(s), each replaces or removes a resource that holds data or identity:");
        foreach (var r in risky)
        {
            text.AppendLine().Append($"  {r.LogicalId} ({r.Type}) will be {r.Change}")
                .AppendLine().Append($"    forced by: {string.Join("; ", r.Causes)}")
                .AppendLine().Append($"    lost: {r.Lost}")
                .AppendLine().Append($"    old resource: {r.OldResource}");
        }
        return text.ToString();
    }

    public static string Markdown(string stackName, string changeSetName, IReadOnlyList<ResourceChange> changes, IReadOnlyList<RiskyChange> risky)
    {
        var md = new StringBuilder();
        md.AppendLine($"## Change set `{changeSetName}` for stack `{stackName}`").AppendLine();
        if (risky.Count == 0)
        {
            md.AppendLine(changes.Count == 0 ? "No changes." : $"**Safe:** {changes.Count} change(s), none replaces or removes a resource that holds data or identity.").AppendLine();
        }
        else
        {
            md.AppendLine($"**Risky: {risky.Count} change(s) replace or remove a resource that holds data or identity.** " +
                $"DeployStack executes this change set only with `--allow-replace {string.Join(",", risky.Select(r => r.LogicalId))}`.").AppendLine();
            md.AppendLine("| Resource | Type | Change | Forced by | What is lost | Old resource |").AppendLine("|---|---|---|---|---|---|");
            foreach (var r in risky)
                md.AppendLine($"| `{r.LogicalId}` | {r.Type} | {r.Change} | {Cell(string.Join("; ", r.Causes))} | {Cell(r.Lost)} | {Cell(r.OldResource)} |");
            md.AppendLine();
        }

        if (changes.Count > 0)
        {
            md.AppendLine("| Action | Logical ID | Type | Replacement |").AppendLine("|---|---|---|---|");
            foreach (var c in changes)
                md.AppendLine($"| {c.Action?.Value} | `{c.LogicalResourceId}` | {c.ResourceType} | {(c.Action == ChangeAction.Modify ? c.Replacement?.Value : "-")} |");
        }
        return md.ToString();
    }

    static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal);
}
