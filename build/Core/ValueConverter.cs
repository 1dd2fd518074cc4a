using System.Globalization;

namespace BuildCore;

/// <summary>Turns raw text values (from the command line, the environment or a profile) into a parameter's type.</summary>
internal static class ValueConverter
{
    public static bool IsSupported(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        return t == typeof(string) || t == typeof(int) || t == typeof(bool) || t.IsEnum || t == typeof(string[]);
    }

    /// <param name="origin">Where the values came from, e.g. "--region" or "environment variable PLATFORM_REGION".</param>
    public static object? Convert(ParameterDescriptor parameter, IReadOnlyList<string> values, string origin)
    {
        var type = Nullable.GetUnderlyingType(parameter.Type) ?? parameter.Type;
        if (type == typeof(string[]))
            return values.ToArray();
        if (type == typeof(bool) && values.Count == 0)
            return true;
        if (values.Count != 1)
            throw new BuildException($"Parameter {parameter.Name} takes one value, but {origin} gave {values.Count}.");

        var text = values[0];
        // A secret's value must not reach the error message either.
        var shown = parameter.IsSecret ? "the value" : $"'{text}'";
        if (type == typeof(string))
            return text;
        if (type == typeof(int))
        {
            return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number)
                ? number
                : throw new BuildException($"Parameter {parameter.Name}: {shown} from {origin} is not a whole number.");
        }
        if (type == typeof(bool))
        {
            return bool.TryParse(text, out var flag)
                ? flag
                : throw new BuildException($"Parameter {parameter.Name}: {shown} from {origin} is not true or false.");
        }
        var names = Enum.GetNames(type);
        var match = names.FirstOrDefault(n => string.Equals(n, text, StringComparison.OrdinalIgnoreCase));
        return match is not null
            ? Enum.Parse(type, match)
            : throw new BuildException($"Parameter {parameter.Name}: {shown} from {origin} is not one of {string.Join(", ", names)}.");
    }

    /// <summary>Has a value for <c>Requires</c>: not null, not blank, not an empty list.</summary>
    public static bool HasValue(object? value) => value switch
    {
        null => false,
        string s => !string.IsNullOrWhiteSpace(s),
        string[] a => a.Length > 0,
        _ => true,
    };

    public static string Format(object? value) => value switch
    {
        null => "",
        string[] a => string.Join(" ", a),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
