using Platform.ServiceDefaults.Text;

namespace Platform.AuthService.Accounts;

/// <summary>Input checks; on success the normalised email and password come back for hashing and lookup.</summary>
internal static class AccountValidation
{
    public static Dictionary<string, string[]> ValidateRegistration(RegisterRequest request, out string email, out string password)
    {
        var errors = new Dictionary<string, string[]>();
        email = CheckEmail(request.Email, errors);
        password = string.Empty;
        if (string.IsNullOrEmpty(request.Password))
        {
            errors["password"] = ["password is required"];
        }
        else if (TextRules.Check("password", request.Password, TextKind.Secret) is { } problem)
        {
            errors["password"] = [problem];
        }
        else if (!CredentialRules.TryNormalize(request.Password, out password))
        {
            errors["password"] = ["password must be valid Unicode text"];
        }
        else if (TextRules.Length(password) is < CredentialRules.MinPasswordLength or > CredentialRules.MaxPasswordLength)
        {
            // ASVS 5.0 6.2: length is the policy; no composition rules, spaces and any Unicode allowed.
            errors["password"] = [$"password must be {CredentialRules.MinPasswordLength} to {CredentialRules.MaxPasswordLength} characters"];
        }
        else if (email.Length > 0 && string.Equals(password.Trim().ToLowerInvariant(), email, StringComparison.Ordinal))
        {
            errors["password"] = ["password must not be the email address"];
        }

        return errors;
    }

    /// <summary>
    /// Only shape checks: a rule-breaking but well-formed password is simply wrong (401), so the rules of the day
    /// cannot lock out an account registered under older ones.
    /// </summary>
    public static Dictionary<string, string[]> ValidateLogin(LoginRequest request, out string email, out string password)
    {
        var errors = new Dictionary<string, string[]>();
        email = CheckEmail(request.Email, errors);
        password = string.Empty;
        if (string.IsNullOrEmpty(request.Password))
        {
            errors["password"] = ["password is required"];
        }
        else if (TextRules.Check("password", request.Password, TextKind.Secret) is { } problem)
        {
            errors["password"] = [problem];
        }
        else if (!CredentialRules.TryNormalize(request.Password, out password))
        {
            errors["password"] = ["password must be valid Unicode text"];
        }
        else if (TextRules.Length(password) > CredentialRules.MaxPasswordLength)
        {
            errors["password"] = [$"password must be at most {CredentialRules.MaxPasswordLength} characters"];
        }

        return errors;
    }

    private static string CheckEmail(string? raw, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            errors["email"] = ["email is required"];
            return string.Empty;
        }

        if (CredentialRules.NormalizeEmail(raw) is not { } email || !CredentialRules.IsPlausibleEmail(email))
        {
            errors["email"] = [$"email must be an address like name@example.com, at most {CredentialRules.MaxEmailLength} characters"];
            return string.Empty;
        }

        return email;
    }
}
