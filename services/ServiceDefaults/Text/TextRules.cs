using System.Buffers;
using System.Text;

namespace Platform.ServiceDefaults.Text;

/// <summary>What a text field may hold, beyond being well-formed Unicode.</summary>
public enum TextKind
{
    /// <summary>Shown to people (a display name, an invoice description): no control characters, no bidi overrides.</summary>
    Display,

    /// <summary>Typed by a person and never shown (a password): anything but NUL, which no keyboard or manager produces.</summary>
    Secret,
}

/// <summary>
/// The one rule set for free text in every service, so a field refuses the same characters wherever it lives:
/// ill-formed UTF-16 (cannot be stored as UTF-8), NUL (PostgreSQL refuses it in text: a 500 otherwise), control
/// characters, and the bidi embeddings, overrides and isolates that make text read differently from what it holds
/// (CVE-2021-42574, "Trojan Source").
/// </summary>
public static class TextRules
{
    /// <summary>The error to show for <paramref name="value"/> in <paramref name="field"/>, or null when it is acceptable.</summary>
    public static string? Check(string field, string value, TextKind kind)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!IsWellFormed(value))
        {
            return $"{field} must be valid Unicode text";
        }

        return kind switch
        {
            TextKind.Secret when value.Contains('\0', StringComparison.Ordinal) => $"{field} must not contain NUL characters",
            TextKind.Display when value.Any(char.IsControl) => $"{field} must not contain control characters (line breaks, tabs, NUL, escapes)",
            TextKind.Display when value.Any(IsBidiControl) => $"{field} must not contain bidirectional override or isolate characters",
            _ => null,
        };
    }

    /// <summary>Counts Unicode scalar values (as PostgreSQL's length() does), so an emoji is one character to the person typing it.</summary>
    public static int Length(string value) => value.EnumerateRunes().Count();

    /// <summary>False for lone surrogates (a "\ud800" escape in JSON), which cannot be encoded as UTF-8.</summary>
    public static bool IsWellFormed(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var rest = value.AsSpan();
        while (!rest.IsEmpty)
        {
            if (Rune.DecodeFromUtf16(rest, out _, out var consumed) != OperationStatus.Done)
            {
                return false;
            }

            rest = rest[consumed..];
        }

        return true;
    }

    /// <summary>LRE, RLE, PDF, LRO, RLO (U+202A–U+202E) and LRI, RLI, FSI, PDI (U+2066–U+2069); the plain marks LRM/RLM stay allowed.</summary>
    private static bool IsBidiControl(char c) => c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069';
}
