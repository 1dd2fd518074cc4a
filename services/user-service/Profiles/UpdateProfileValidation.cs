using System.Buffers;
using System.Text;

namespace Platform.UserService.Profiles;

internal static class UpdateProfileValidation
{
    public const int MaxDisplayNameLength = 100;

    /// <summary>Errors by field (empty when valid) and the display name as it is stored: trimmed.</summary>
    public static (Dictionary<string, string[]> Errors, string DisplayName) Validate(UpdateProfileRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        var displayName = request.DisplayName?.Trim() ?? "";
        if (request.DisplayName is null)
        {
            errors["displayName"] = ["displayName is required"];
        }
        else if (displayName.Length == 0)
        {
            errors["displayName"] = ["displayName must not be empty or only white space"];
        }
        else if (!IsWellFormed(displayName, out var length))
        {
            // Lone surrogates cannot be stored as UTF-8. The JSON reader refuses them today; this keeps the write safe regardless.
            errors["displayName"] = ["displayName must be valid Unicode text"];
        }
        else if (length > MaxDisplayNameLength)
        {
            errors["displayName"] = [$"displayName must be at most {MaxDisplayNameLength} characters"];
        }
        else if (displayName.Any(char.IsControl))
        {
            errors["displayName"] = ["displayName must not contain control characters"];
        }

        return (errors, displayName);
    }

    /// <summary>Counts characters as Unicode scalar values (as PostgreSQL's length() does), so an emoji counts once.</summary>
    private static bool IsWellFormed(string value, out int length)
    {
        length = 0;
        var rest = value.AsSpan();
        while (!rest.IsEmpty)
        {
            if (Rune.DecodeFromUtf16(rest, out _, out var consumed) != OperationStatus.Done)
            {
                return false;
            }

            rest = rest[consumed..];
            length++;
        }

        return true;
    }
}
