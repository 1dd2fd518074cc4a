using System.Text.Json;
using System.Text.RegularExpressions;

namespace Platform.FakeAws;

/// <summary>
/// A stack policy as "Prevent updates to stack resources" defines it: once a stack has one, every update action on every
/// resource is denied unless a statement allows it, and an explicit Deny wins over any Allow. Actions are Update:Modify,
/// Update:Replace, Update:Delete (and Update:* for all); resources are "LogicalResourceId/&lt;id&gt;" (with * wildcards);
/// Condition StringEquals/StringLike on ResourceType narrows a statement to resource types.
/// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/protect-stack-resources.html
/// </summary>
internal sealed class FakeStackPolicy
{
    private readonly List<Statement> _statements;

    private FakeStackPolicy(string body, List<Statement> statements)
    {
        Body = body;
        _statements = statements;
    }

    public string Body { get; }

    public static FakeStackPolicy Parse(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (!document.RootElement.TryGetProperty("Statement", out var statements) || statements.ValueKind != JsonValueKind.Array)
            {
                throw Invalid("the policy has no Statement list");
            }

            var parsed = statements.EnumerateArray().Select(s => new Statement(
                Required(s, "Effect") is var effect && effect is "Allow" or "Deny" ? effect : throw Invalid($"Effect must be Allow or Deny, not {effect}"),
                Strings(s, "Action"), Strings(s, "NotAction"), Strings(s, "Resource"), Strings(s, "NotResource"),
                s.TryGetProperty("Condition", out var condition) ? ResourceTypes(condition) : null)).ToList();
            if (parsed.Any(p => p.Actions.Count + p.NotActions.Count == 0 || p.Resources.Count + p.NotResources.Count == 0))
            {
                throw Invalid("every statement needs Action or NotAction and Resource or NotResource");
            }

            return new FakeStackPolicy(body, parsed);
        }
        catch (JsonException e)
        {
            throw Invalid(e.Message);
        }
    }

    /// <summary>Null when the action is allowed, else the reason the resource's update fails with.</summary>
    public string? Denies(string action, string logicalId, string resourceType)
    {
        var resource = "LogicalResourceId/" + logicalId;
        var allowed = false;
        for (var i = 0; i < _statements.Count; i++)
        {
            var statement = _statements[i];
            if (!statement.Applies(action, resource, resourceType))
            {
                continue;
            }

            if (statement.Effect == "Deny")
            {
                return $"Action denied by stack policy: Statement [#{i + 1}] does not allow [{action}] for resource [{resource}];";
            }

            allowed = true;
        }

        // AWS does not document the wording for the implicit deny; this one says the same thing.
        return allowed ? null : $"Action denied by stack policy: no statement allows [{action}] for resource [{resource}];";
    }

    private static FakeAwsException Invalid(string why) => FakeAwsException.Validation($"Error validating stack policy: {why}");

    private static string Required(JsonElement statement, string name) =>
        statement.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : throw Invalid($"a statement has no {name}");

    private static List<string> Strings(JsonElement statement, string name) =>
        !statement.TryGetProperty(name, out var value) ? []
        : value.ValueKind == JsonValueKind.String ? [value.GetString()!]
        : value.EnumerateArray().Select(v => v.GetString() ?? "").ToList();

    private static List<string> ResourceTypes(JsonElement condition) =>
        condition.EnumerateObject()
            .Where(c => c.Name is "StringEquals" or "StringLike")
            .SelectMany(c => c.Value.TryGetProperty("ResourceType", out var types) ? (types.ValueKind == JsonValueKind.String ? [types.GetString()!] : types.EnumerateArray().Select(t => t.GetString() ?? "")) : [])
            .ToList();

    private static bool Matches(IEnumerable<string> patterns, string value) =>
        patterns.Any(p => Regex.IsMatch(value, "^" + Regex.Escape(p).Replace("\\*", ".*", StringComparison.Ordinal) + "$"));

    private sealed record Statement(string Effect, List<string> Actions, List<string> NotActions, List<string> Resources, List<string> NotResources, List<string>? Types)
    {
        public bool Applies(string action, string resource, string type) =>
            (Actions.Count > 0 ? Matches(Actions, action) : !Matches(NotActions, action))
            && (Resources.Count > 0 ? Matches(Resources, resource) : !Matches(NotResources, resource))
            && (Types is null || Matches(Types, type));
    }
}
