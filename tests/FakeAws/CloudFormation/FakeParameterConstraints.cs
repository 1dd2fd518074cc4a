using System.Globalization;
using System.Text.RegularExpressions;

namespace Platform.FakeAws;

/// <summary>
/// CloudFormation checks each parameter value against its declaration before it makes a change set, and refuses the whole
/// request with a ValidationError naming the first parameter that fails (Type Number, AllowedValues, AllowedPattern — matched
/// against the whole value — MinValue/MaxValue, MinLength/MaxLength). The wording follows the user guide's parameter section,
/// whose ConstraintDescription example reads "Malformed input-Parameter MyParameter must match pattern [A-Za-z0-9]+".
/// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/parameters-section-structure.html
/// </summary>
internal static class FakeParameterConstraints
{
    public static void Check(FakeTemplateParameter parameter, string value)
    {
        if (Violation(parameter, value) is { } message)
        {
            throw FakeAwsException.Validation(message);
        }
    }

    private static string? Violation(FakeTemplateParameter p, string value)
    {
        if (p.Type == "Number")
        {
            if (!decimal.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
            {
                return $"Parameter '{p.Name}' must be a number.";
            }

            if (p.MinValue is { } min && number < decimal.Parse(min, CultureInfo.InvariantCulture))
            {
                return $"Parameter '{p.Name}' must be a number not less than {min}";
            }

            if (p.MaxValue is { } max && number > decimal.Parse(max, CultureInfo.InvariantCulture))
            {
                return $"Parameter '{p.Name}' must be a number not greater than {max}";
            }
        }

        if (p.AllowedValues is { } allowed && !allowed.Contains(value, StringComparer.Ordinal))
        {
            return $"Parameter '{p.Name}' must be one of AllowedValues";
        }

        if (p.AllowedPattern is { } pattern && !Regex.IsMatch(value, $"^(?:{pattern})$", RegexOptions.None, TimeSpan.FromSeconds(1)))
        {
            return p.ConstraintDescription is { } description
                ? $"Malformed input-Parameter {p.Name} {description}"
                : $"Malformed input-Parameter {p.Name} must match pattern {pattern}";
        }

        if (p.MinLength is { } minLength && value.Length < int.Parse(minLength, CultureInfo.InvariantCulture))
        {
            return $"Parameter '{p.Name}' must contain at least {minLength} characters";
        }

        if (p.MaxLength is { } maxLength && value.Length > int.Parse(maxLength, CultureInfo.InvariantCulture))
        {
            return $"Parameter '{p.Name}' must contain at most {maxLength} characters";
        }

        return null;
    }
}
