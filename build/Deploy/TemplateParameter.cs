using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Platform.Build.Deploy;

/// <summary>
/// One parameter as the template declares it, and the checks CloudFormation makes on a value before it makes a change set
/// (Type Number, AllowedValues, AllowedPattern against the whole value, MinValue/MaxValue, MinLength/MaxLength), so a bad
/// value fails on this machine in CloudFormation's own words instead of after the build has run.
/// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/parameters-section-structure.html
/// </summary>
public sealed record TemplateParameter(string Name, string Type)
{
    public string? Default { get; init; }
    public IReadOnlyList<string>? AllowedValues { get; init; }
    public string? AllowedPattern { get; init; }
    public string? ConstraintDescription { get; init; }
    public decimal? MinValue { get; init; }
    public decimal? MaxValue { get; init; }
    public int? MinLength { get; init; }
    public int? MaxLength { get; init; }

    /// <summary>What is wrong with <paramref name="value"/>, in CloudFormation's words (plus the rule), or null when it is valid.</summary>
    public string? Violation(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (Type == "Number")
        {
            if (!decimal.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
                return $"Parameter '{Name}' must be a number (got '{value}').";
            if (number < MinValue)
                return $"Parameter '{Name}' must be a number not less than {MinValue} (got {value}; the template's MinValue).";
            if (number > MaxValue)
                return $"Parameter '{Name}' must be a number not greater than {MaxValue} (got {value}; the template's MaxValue).";
        }

        if (AllowedValues is { } allowed && !allowed.Contains(value, StringComparer.Ordinal))
            return $"Parameter '{Name}' must be one of AllowedValues: {string.Join(", ", allowed)} (got '{value}').";
        if (AllowedPattern is { } pattern && !Regex.IsMatch(value, $"^(?:{pattern})$", RegexOptions.None, TimeSpan.FromSeconds(1)))
            return ConstraintDescription is { } description
                ? $"Parameter '{Name}' {description} (got '{value}'; AllowedPattern {pattern})."
                : $"Parameter '{Name}' must match pattern {pattern} (got '{value}').";
        if (value.Length < MinLength)
            return $"Parameter '{Name}' must contain at least {MinLength} characters (got {value.Length}).";
        if (value.Length > MaxLength)
            return $"Parameter '{Name}' must contain at most {MaxLength} characters (got {value.Length}).";
        return null;
    }

    internal static TemplateParameter Read(string name, YamlMappingNode definition) => new(name, Scalar(definition, "Type") ?? "String")
    {
        Default = Scalar(definition, "Default"),
        AllowedValues = definition.Children.TryGetValue(new YamlScalarNode("AllowedValues"), out var node) && node is YamlSequenceNode list
            ? list.Children.OfType<YamlScalarNode>().Select(v => v.Value ?? "").ToList()
            : null,
        AllowedPattern = Scalar(definition, "AllowedPattern"),
        ConstraintDescription = Scalar(definition, "ConstraintDescription"),
        MinValue = Number(definition, "MinValue"),
        MaxValue = Number(definition, "MaxValue"),
        MinLength = (int?)Number(definition, "MinLength"),
        MaxLength = (int?)Number(definition, "MaxLength"),
    };

    static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) && value is YamlScalarNode scalar ? scalar.Value : null;

    static decimal? Number(YamlMappingNode node, string key) =>
        Scalar(node, key) is { } text && decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ? number : null;
}
