using Amazon.CloudFormation;
using Amazon.CloudFormation.Model;

namespace Platform.Build.Deploy;

/// <summary>A change that replaces or removes a resource holding data or identity (<see cref="RiskyResources"/>).</summary>
/// <param name="Change">"replaced", "may be replaced" (Replacement: Conditional) or "removed".</param>
/// <param name="Causes">The properties that force it, from the change set's details, in words.</param>
/// <param name="OldResource">What CloudFormation does with the old resource, from the change's PolicyAction.</param>
public sealed record RiskyChange(string LogicalId, string Type, string Change, IReadOnlyList<string> Causes, string Lost, string OldResource);

/// <summary>Classifies a change set: which of its changes are risky, and why (docs/design/risk-gate.md).</summary>
public static class ChangeSetRisk
{
    public static IReadOnlyList<RiskyChange> Classify(IReadOnlyList<ResourceChange> changes) =>
        [.. changes.Select(Classify).OfType<RiskyChange>()];

    static RiskyChange? Classify(ResourceChange change)
    {
        if (RiskyResources.Of(change.ResourceType) is not { } risk)
            return null;
        var what = change.Action == ChangeAction.Remove ? "removed"
            : change.Action == ChangeAction.Modify && change.Replacement == Replacement.True ? "replaced"
            : change.Action == ChangeAction.Modify && change.Replacement == Replacement.Conditional ? "may be replaced"
            : null;
        if (what is null)
            return null;
        var causes = what == "removed"
            ? ["it is no longer in the template (or its Condition is now false)"]
            : (change.Details ?? []).Where(Recreates).Select(Cause).Distinct().ToList();
        if (causes.Count == 0)
            causes = [$"the change set gives Replacement: {change.Replacement?.Value} without naming the property"];
        return new RiskyChange(change.LogicalResourceId ?? "?", change.ResourceType!, what, causes, risk.Lost, OldResource(change.PolicyAction));
    }

    static bool Recreates(ResourceChangeDetail detail) =>
        detail.Target?.RequiresRecreation == RequiresRecreation.Always || detail.Target?.RequiresRecreation == RequiresRecreation.Conditionally;

    static string Cause(ResourceChangeDetail detail)
    {
        var property = detail.Target?.Name ?? detail.Target?.Attribute?.Value ?? "a property";
        var recreation = detail.Target?.RequiresRecreation == RequiresRecreation.Always ? "Update requires: Replacement" : "may require replacement";
        var source = detail.ChangeSource?.Value switch
        {
            "ParameterReference" => $"from parameter {detail.CausingEntity}",
            "ResourceReference" or "ResourceAttribute" => $"refers to {detail.CausingEntity}, which is replaced",
            "DirectModification" => "changed in the template",
            _ => detail.ChangeSource?.Value ?? "changed",
        };
        return $"{property} ({source}; {recreation})";
    }

    static string OldResource(PolicyAction? action) => action?.Value switch
    {
        "ReplaceAndSnapshot" or "Snapshot" => "a final snapshot is kept, then the old resource is deleted",
        "ReplaceAndRetain" or "Retain" => "the old resource is kept outside the stack (and still costs money)",
        "ReplaceAndDelete" or "Delete" => "the old resource is deleted, nothing is kept",
        _ => "not stated by the change set",
    };
}
