using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Platform.FakeAws;

/// <summary>
/// The changes a change set holds, derived from the difference between the stack's template and parameters and the new ones,
/// as CloudFormation documents them (ResourceChange, ResourceChangeDetail, ResourceTargetDefinition):
/// https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_ResourceChange.html
/// https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_ResourceChangeDetail.html
/// Each changed property is one detail: DirectModification (its text changed) or ParameterReference (a parameter it uses changed),
/// both Static; or, when it refers to a resource that is replaced, ResourceReference/ResourceAttribute with a Dynamic evaluation
/// (the new value is known only once that resource exists). RequiresRecreation comes from <see cref="UpdateBehaviours"/>.
/// Replacement is True for an Always/Static detail, Conditional for an Always/Dynamic one, else False.
/// </summary>
internal static class ChangeSetPlanner
{
    public static List<FakeChange> Plan(
        FakeStack? stack, IReadOnlyList<FakeTemplateResource> resources, IReadOnlyDictionary<string, string> parameters, StackScript script,
        Func<string, string> physicalId)
    {
        var old = stack?.Resources.ToDictionary(r => r.LogicalId) ?? [];
        var changedParameters = parameters.Where(p => stack is null || stack.Parameters.GetValueOrDefault(p.Key) != p.Value).Select(p => p.Key).ToList();
        var details = new Dictionary<string, List<FakeChangeDetail>>(StringComparer.Ordinal);
        var typeChanged = new HashSet<string>(StringComparer.Ordinal);
        var changedOtherwise = new HashSet<string>(StringComparer.Ordinal);

        foreach (var resource in resources.Where(r => old.ContainsKey(r.LogicalId)))
        {
            var previous = old[resource.LogicalId];
            if (previous.Type != resource.Type)
            {
                typeChanged.Add(resource.LogicalId);
                continue;
            }

            var list = StaticDetails(previous, resource, changedParameters);
            if (list.Count > 0)
            {
                details[resource.LogicalId] = list;
            }
            else if (previous.Definition != resource.Definition)
            {
                changedOtherwise.Add(resource.LogicalId); // DependsOn, policies, metadata: no property changes
            }
        }

        // A replaced resource gets a new physical id and new attributes, so what refers to it changes too; repeat until no
        // new resource turns out to be (possibly) replaced.
        for (var replaced = Replaced(); ;)
        {
            foreach (var resource in resources.Where(r => old.ContainsKey(r.LogicalId) && !typeChanged.Contains(r.LogicalId)))
            {
                var existing = details.GetValueOrDefault(resource.LogicalId) ?? [];
                var dynamic = DynamicDetails(resource, replaced.Where(id => id != resource.LogicalId))
                    .Where(d => !existing.Any(e => e.Property == d.Property && e.CausingEntity == d.CausingEntity)).ToList();
                if (dynamic.Count > 0)
                {
                    details[resource.LogicalId] = [.. existing, .. dynamic];
                }
            }

            var next = Replaced();
            if (next.SetEquals(replaced))
            {
                break;
            }

            replaced = next;
        }

        var changes = new List<FakeChange>();
        foreach (var resource in resources)
        {
            if (!old.ContainsKey(resource.LogicalId))
            {
                changes.Add(new FakeChange("Add", resource.LogicalId, resource.Type, null, null, []));
                continue;
            }

            var id = physicalId(resource.LogicalId);
            if (typeChanged.Contains(resource.LogicalId))
            {
                changes.Add(new FakeChange("Modify", resource.LogicalId, resource.Type, id, "True", ["Properties"]) { PolicyAction = ReplacePolicyAction(old[resource.LogicalId]) });
            }
            else if (details.TryGetValue(resource.LogicalId, out var list))
            {
                var replacement = Replacement(resource, list, script);
                changes.Add(new FakeChange("Modify", resource.LogicalId, resource.Type, id, replacement, ["Properties"])
                {
                    Details = list,
                    PolicyAction = replacement == "False" ? null : ReplacePolicyAction(old[resource.LogicalId]),
                });
            }
            else if (changedOtherwise.Contains(resource.LogicalId))
            {
                var replacement = script.Replacements.Contains(resource.LogicalId) ? "True" : "False";
                changes.Add(new FakeChange("Modify", resource.LogicalId, resource.Type, id, replacement, ["Properties"]));
            }
        }

        foreach (var removed in old.Values.Where(r => resources.All(t => t.LogicalId != r.LogicalId)))
        {
            changes.Add(new FakeChange("Remove", removed.LogicalId, removed.Type, physicalId(removed.LogicalId), null, []) { PolicyAction = DeletePolicyAction(removed) });
        }

        return changes;

        HashSet<string> Replaced() => details
            .Where(d => Replacement(resources.First(r => r.LogicalId == d.Key), d.Value, script) != "False")
            .Select(d => d.Key)
            .Concat(typeChanged)
            .Concat(changedOtherwise.Where(script.Replacements.Contains))
            .ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The properties whose text differs, or that use a parameter whose value changed.</summary>
    private static List<FakeChangeDetail> StaticDetails(FakeTemplateResource previous, FakeTemplateResource resource, IReadOnlyList<string> changedParameters)
    {
        var before = Properties(previous);
        var after = Properties(resource);
        var list = new List<FakeChangeDetail>();
        foreach (var name in before.Keys.Union(after.Keys, StringComparer.Ordinal))
        {
            var oldText = before.GetValueOrDefault(name);
            var newText = after.GetValueOrDefault(name);
            var recreation = UpdateBehaviours.RequiresRecreation(resource.Type, name);
            if (oldText != newText)
            {
                list.Add(new FakeChangeDetail(name, recreation, "Static", "DirectModification", null));
            }
            else if (newText is not null && changedParameters.FirstOrDefault(p => References(newText, p)) is { } parameter)
            {
                list.Add(new FakeChangeDetail(name, recreation, "Static", "ParameterReference", parameter));
            }
        }

        return list;
    }

    private static IEnumerable<FakeChangeDetail> DynamicDetails(FakeTemplateResource resource, IEnumerable<string> replaced)
    {
        foreach (var (name, text) in Properties(resource))
        {
            foreach (var id in replaced)
            {
                var attribute = Regex.IsMatch(text, $@"(!GetAtt|Fn::GetAtt:)\s+\[?{Regex.Escape(id)}\b") || text.Contains("${" + id + ".", StringComparison.Ordinal);
                if (attribute || References(text, id))
                {
                    yield return new FakeChangeDetail(name, UpdateBehaviours.RequiresRecreation(resource.Type, name), "Dynamic",
                        attribute ? "ResourceAttribute" : "ResourceReference", id);
                }
            }
        }
    }

    private static string Replacement(FakeTemplateResource resource, List<FakeChangeDetail> details, StackScript script) =>
        script.Replacements.Contains(resource.LogicalId) || details.Any(d => d.RequiresRecreation == UpdateBehaviours.Always && d.Evaluation == "Static") ? "True"
        : details.Any(d => d.RequiresRecreation == UpdateBehaviours.Always) ? "Conditional"
        : "False";

    /// <summary>UpdateReplacePolicy decides what happens to the old resource after a replacement (Delete when not set).</summary>
    private static string ReplacePolicyAction(FakeTemplateResource resource) => "ReplaceAnd" + (Attribute(resource, "UpdateReplacePolicy") ?? "Delete");

    /// <summary>
    /// DeletionPolicy decides what a removal does; an AWS::RDS::DBInstance outside a cluster defaults to Snapshot.
    /// https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-attribute-deletionpolicy.html
    /// </summary>
    private static string DeletePolicyAction(FakeTemplateResource resource) =>
        Attribute(resource, "DeletionPolicy")
        ?? (resource.Type == "AWS::RDS::DBInstance" && FakeIntrinsics.Node(resource, "Properties", "DBClusterIdentifier") is null ? "Snapshot" : "Delete");

    private static string? Attribute(FakeTemplateResource resource, string name) => FakeIntrinsics.Node(resource, name) is YamlScalarNode scalar ? scalar.Value : null;

    private static Dictionary<string, string> Properties(FakeTemplateResource resource) =>
        (FakeIntrinsics.Node(resource, "Properties") as YamlMappingNode)?.Children
            .ToDictionary(p => ((YamlScalarNode)p.Key).Value ?? "", p => FakeTemplate.Text(p.Value), StringComparer.Ordinal)
        ?? new Dictionary<string, string>(StringComparer.Ordinal);

    public static bool References(string definition, string name) =>
        Regex.IsMatch(definition, $@"(!Ref|Ref:|!GetAtt|Fn::GetAtt:)\s+\[?{Regex.Escape(name)}\b")
        || definition.Contains("${" + name + "}", StringComparison.Ordinal) || definition.Contains("\"Ref\": \"" + name + "\"", StringComparison.Ordinal);
}

/// <summary>One ResourceChangeDetail: the property (Target.Name), whether changing it recreates the resource, and why it changes.</summary>
internal sealed record FakeChangeDetail(string Property, string RequiresRecreation, string Evaluation, string ChangeSource, string? CausingEntity);
