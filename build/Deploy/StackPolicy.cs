using System.Text.Json;

namespace Platform.Build.Deploy;

/// <summary>
/// The stack policy the build keeps on the stack: every update is allowed except Update:Replace and Update:Delete on the
/// resources whose type <see cref="RiskyResources"/> marks protected (database, queues, key, secrets). --allow-replace lifts the
/// deny for the named resources for one update only, through UpdateStack's StackPolicyDuringUpdateBody.
/// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/protect-stack-resources.html
/// </summary>
public static class StackPolicy
{
    static readonly string[] s_deniedActions = ["Update:Replace", "Update:Delete"];

    public static IReadOnlyList<string> ProtectedResources(TemplateFile template)
    {
        ArgumentNullException.ThrowIfNull(template);
        return [.. template.ResourceTypes.Where(r => RiskyResources.Of(r.Value)?.ProtectedByStackPolicy == true).Select(r => r.Key).Order(StringComparer.Ordinal)];
    }

    /// <summary>The policy document denying replacement and removal of <paramref name="protectedResources"/>.</summary>
    public static string Document(IEnumerable<string> protectedResources)
    {
        var denied = protectedResources.Select(id => "LogicalResourceId/" + id).ToList();
        var statements = new List<object> { new { Effect = "Allow", Action = "Update:*", Principal = "*", Resource = "*" } };
        if (denied.Count > 0)
            statements.Add(new { Effect = "Deny", Action = s_deniedActions, Principal = "*", Resource = denied });
        return JsonSerializer.Serialize(new { Statement = statements });
    }

    /// <summary>True when <paramref name="current"/> (GetStackPolicy's body, or null) is the same document as <paramref name="wanted"/>.</summary>
    public static bool Same(string? current, string wanted)
    {
        if (current is null)
            return false;
        try
        {
            using var a = JsonDocument.Parse(current);
            using var b = JsonDocument.Parse(wanted);
            return JsonElement.DeepEquals(a.RootElement, b.RootElement);
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
