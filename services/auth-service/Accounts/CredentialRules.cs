using System.Text;
using Platform.ServiceDefaults.Text;

namespace Platform.AuthService.Accounts;

/// <summary>How emails and passwords are normalised: the same rules at registration and at sign-in.</summary>
public static class CredentialRules
{
    public const int MaxEmailLength = 254; // RFC 5321 path limit minus the angle brackets
    public const int MaxLocalPartLength = 64;
    public const int MinPasswordLength = 8; // ASVS 5.0 6.2.1
    public const int MaxPasswordLength = 128; // ASVS 5.0 6.2.9 asks for at least 64 to be allowed

    /// <summary>
    /// NFC form, or false for ill-formed UTF-16 (a lone surrogate sent as "\ud800" in JSON), which cannot be hashed
    /// reproducibly and would make <see cref="string.Normalize()"/> throw.
    /// </summary>
    public static bool TryNormalize(string value, out string normalized)
    {
        ArgumentNullException.ThrowIfNull(value);
        var wellFormed = TextRules.IsWellFormed(value);
        normalized = wellFormed ? value.Normalize(NormalizationForm.FormC) : string.Empty;
        return wellFormed;
    }

    /// <summary>Trimmed, NFC, lower case (invariant): "  Alice@Example.COM " and "alice@example.com" are one account.</summary>
    public static string? NormalizeEmail(string email) =>
        TryNormalize(email.Trim(), out var normalized) ? normalized.ToLowerInvariant() : null;

    /// <summary>Deliberately loose (one '@', both sides present, no spaces or controls): the real check is a mail that arrives.</summary>
    public static bool IsPlausibleEmail(string email)
    {
        var at = email.IndexOf('@', StringComparison.Ordinal);
        return email.Length <= MaxEmailLength
            && at > 0
            && at <= MaxLocalPartLength
            && at < email.Length - 1
            && email.IndexOf('@', at + 1) < 0
            && !email.EndsWith('.')
            && email[at + 1] != '.'
            && !email.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))
            && TextRules.Check("email", email, TextKind.Display) is null;
    }
}
