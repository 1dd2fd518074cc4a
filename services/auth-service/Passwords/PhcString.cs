using System.Globalization;

namespace Platform.AuthService.Passwords;

/// <summary>
/// The PHC string format for Argon2id, as libsodium and the reference implementation write it:
/// <c>$argon2id$v=19$m=19456,t=2,p=1$&lt;salt&gt;$&lt;hash&gt;</c> (standard base64 without padding).
/// </summary>
internal static class PhcString
{
    private const string Prefix = "$argon2id$v=19$";

    public static string Format(Argon2idParameters parameters, ReadOnlySpan<byte> salt, ReadOnlySpan<byte> hash) =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"{Prefix}m={parameters.MemoryKiB},t={parameters.Iterations},p={parameters.Parallelism}${Encode(salt)}${Encode(hash)}");

    public static bool TryParse(string value, out Argon2idParameters parameters, out byte[] salt, out byte[] hash)
    {
        parameters = Argon2idParameters.Default;
        salt = [];
        hash = [];
        if (!value.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var parts = value[Prefix.Length..].Split('$');
        if (parts.Length != 3 || !TryParseParameters(parts[0], out parameters) || !parameters.IsWithinBounds)
        {
            return false;
        }

        return TryDecode(parts[1], out salt) && salt.Length >= 8 && TryDecode(parts[2], out hash) && hash.Length >= 16;
    }

    private static bool TryParseParameters(string text, out Argon2idParameters parameters)
    {
        parameters = Argon2idParameters.Default;
        var fields = text.Split(',');
        if (fields.Length != 3
            || !TryField(fields[0], "m=", out var memory)
            || !TryField(fields[1], "t=", out var iterations)
            || !TryField(fields[2], "p=", out var parallelism))
        {
            return false;
        }

        parameters = new Argon2idParameters(memory, iterations, parallelism);
        return true;
    }

    private static bool TryField(string field, string name, out int value)
    {
        value = 0;
        return field.StartsWith(name, StringComparison.Ordinal)
            && int.TryParse(field.AsSpan(name.Length), NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    private static string Encode(ReadOnlySpan<byte> bytes) => Convert.ToBase64String(bytes).TrimEnd('=');

    private static bool TryDecode(string text, out byte[] bytes)
    {
        bytes = [];
        if (text.Length == 0 || text.Contains('=', StringComparison.Ordinal))
        {
            return false;
        }

        var padded = text + new string('=', (4 - (text.Length % 4)) % 4);
        var buffer = new byte[padded.Length * 3 / 4];
        if (!Convert.TryFromBase64String(padded, buffer, out var written))
        {
            return false;
        }

        bytes = buffer[..written];
        return true;
    }
}
