using System.Reflection;
using System.Text;

namespace BuildCore;

/// <summary>One <see cref="ParameterAttribute"/> member and every name it goes by.</summary>
internal sealed class ParameterDescriptor
{
    ParameterDescriptor(MemberInfo member, ParameterAttribute attribute)
    {
        Member = member;
        Name = member.Name;
        Description = attribute.Description;
        ReadBy = attribute.ReadBy;
        IsSecret = member.GetCustomAttribute<SecretAttribute>() is not null;
        Flag = "--" + ToKebabCase(Name);
        EnvironmentVariables = [$"PLATFORM_{ToKebabCase(Name).Replace('-', '_').ToUpperInvariant()}", .. attribute.Aliases];
        Type = member switch
        {
            FieldInfo f => f.FieldType,
            PropertyInfo p => p.PropertyType,
            _ => throw new BuildException($"{member.Name}: parameters are fields or properties."),
        };
        if (!ValueConverter.IsSupported(Type))
            throw new BuildException($"Parameter {Name}: type {Type.Name} is not supported (string, int, bool, enum, string[]).");
    }

    public MemberInfo Member { get; }
    public string Name { get; }
    public string Description { get; }
    public IReadOnlyList<string> ReadBy { get; }
    public bool IsSecret { get; }
    public string Flag { get; }
    public IReadOnlyList<string> EnvironmentVariables { get; }
    public Type Type { get; }

    public object? GetValue(object build) => Member switch
    {
        FieldInfo f => f.GetValue(build),
        PropertyInfo p => p.GetValue(build),
        _ => null,
    };

    public void SetValue(object build, object? value)
    {
        switch (Member)
        {
            // Readonly fields are set by reflection, as Nuke injects them.
            case FieldInfo f: f.SetValue(build, value); break;
            case PropertyInfo p when p.SetMethod is not null: p.SetValue(build, value); break;
            case PropertyInfo p:
                var backing = p.DeclaringType!.GetField($"<{p.Name}>k__BackingField", BindingFlags.Instance | BindingFlags.NonPublic)
                    ?? throw new BuildException($"Parameter {Name}: a property parameter needs a setter or to be auto-implemented.");
                backing.SetValue(build, value);
                break;
        }
    }

    /// <summary>Where a value can come from, for help and for "missing parameter" errors.</summary>
    public string Sources(string profileHint) =>
        $"{Flag}, environment variable {string.Join(" or ", EnvironmentVariables)}, or \"{Name}\" in {profileHint}";

    public static IReadOnlyList<ParameterDescriptor> Discover(Type buildType)
    {
        var result = new List<ParameterDescriptor>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        // Base types last, so a build's own parameters list first; the engine's Env comes from BuildBase.
        for (var type = buildType; type is not null && type != typeof(object); type = type.BaseType)
        {
            const BindingFlags flags = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;
            foreach (var member in type.GetFields(flags).Cast<MemberInfo>().Concat(type.GetProperties(flags)))
            {
                if (member.GetCustomAttribute<ParameterAttribute>() is { } attribute && seen.Add(member.Name))
                    result.Add(new ParameterDescriptor(member, attribute));
            }
        }
        return result;
    }

    internal static string ToKebabCase(string name)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            // A boundary before an upper-case letter that follows a lower-case one or starts a new word after an acronym (ACMCert → acm-cert).
            var boundary = i > 0 && char.IsUpper(c) &&
                (char.IsLower(name[i - 1]) || char.IsDigit(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1]) && char.IsUpper(name[i - 1])));
            if (boundary) builder.Append('-');
            builder.Append(char.ToLowerInvariant(c));
        }
        return builder.ToString();
    }
}
