using Platform.ServiceDefaults.Text;

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
        else if (TextRules.Check("displayName", displayName, TextKind.Display) is { } problem)
        {
            errors["displayName"] = [problem];
        }
        else if (TextRules.Length(displayName) > MaxDisplayNameLength)
        {
            errors["displayName"] = [$"displayName must be at most {MaxDisplayNameLength} characters"];
        }

        return (errors, displayName);
    }
}
