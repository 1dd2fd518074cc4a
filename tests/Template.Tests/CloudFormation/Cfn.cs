namespace Platform.Template.Tests.CloudFormation;

/// <summary>Small readers over the parsed template: properties by path, !Ref and !GetAtt targets.</summary>
public static class Cfn
{
    public static Map AsMap(this object? value) =>
        value as Map ?? throw new InvalidOperationException($"Expected a mapping, found {Describe(value)}.");

    public static IReadOnlyList<object?> AsList(this object? value) =>
        value as IReadOnlyList<object?> ?? throw new InvalidOperationException($"Expected a list, found {Describe(value)}.");

    /// <summary>A list, or a single value as a one-element list (IAM's Action and Resource accept both).</summary>
    public static IReadOnlyList<object?> AsListOrSingle(this object? value) =>
        value as IReadOnlyList<object?> ?? [value];

    public static string AsString(this object? value) =>
        value as string ?? throw new InvalidOperationException($"Expected a string, found {Describe(value)}.");

    /// <summary>Follows keys through nested mappings; null when any is missing.</summary>
    public static object? At(this Map map, params string[] path)
    {
        object? current = map;
        foreach (var key in path)
        {
            if (current is not Map m || !m.TryGetValue(key, out current))
                return null;
        }

        return current;
    }

    /// <summary>The logical ID of a {"Ref": x}, else null.</summary>
    public static string? RefTarget(object? value) =>
        value is Map { Count: 1 } m && m.TryGetValue("Ref", out var target) ? target as string : null;

    /// <summary>(resource, attribute) of a {"Fn::GetAtt": [r, a]}, else null.</summary>
    public static (string Resource, string Attribute)? GetAttTarget(object? value) =>
        value is Map { Count: 1 } m && m.TryGetValue("Fn::GetAtt", out var args) && args is IReadOnlyList<object?> { Count: 2 } list
            && list[0] is string resource && list[1] is string attribute
            ? (resource, attribute)
            : null;

    /// <summary>The logical ID a value points at through !Ref or !GetAtt, else null.</summary>
    public static string? ReferencedResource(object? value) => RefTarget(value) ?? GetAttTarget(value)?.Resource;

    /// <summary>(condition, when true, when false) of a {"Fn::If": [c, a, b]}, else null.</summary>
    public static (string Condition, object? WhenTrue, object? WhenFalse)? IfBranches(object? value) =>
        value is Map { Count: 1 } m && m.TryGetValue("Fn::If", out var args) && args is IReadOnlyList<object?> { Count: 3 } list
            && list[0] is string condition
            ? (condition, list[1], list[2])
            : null;

    static string Describe(object? value) => value switch
    {
        null => "nothing",
        string s => $"the string '{s}'",
        Map m => $"a mapping with keys [{string.Join(", ", m.Keys)}]",
        IReadOnlyList<object?> l => $"a list of {l.Count}",
        _ => value.GetType().Name,
    };
}
