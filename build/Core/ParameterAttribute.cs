namespace BuildCore;

/// <summary>
/// Marks a <c>readonly</c> field the engine fills from <c>--kebab-case</c>, <c>PLATFORM_UPPER_SNAKE</c> (plus <see cref="Aliases"/>),
/// <c>.nuke/parameters.&lt;env&gt;.json</c>, <c>.nuke/parameters.json</c>, in that order; otherwise the field keeps its initializer.
/// </summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property)]
public sealed class ParameterAttribute(string description) : Attribute
{
    public string Description { get; } = description;

    /// <summary>Further environment variables read after <c>PLATFORM_…</c>, e.g. <c>AWS_REGION</c>.</summary>
    public string[] Aliases { get; init; } = [];

    /// <summary>
    /// The targets that read this parameter. Given on the command line to a run that plans none of them, it is an error
    /// naming them: a value no target reads would be silently ignored. Empty: read by many, never checked.
    /// </summary>
    public string[] ReadBy { get; init; } = [];
}

/// <summary>The parameter's value is never printed: help shows no default, and every output line has the value masked.</summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property)]
public sealed class SecretAttribute : Attribute;
