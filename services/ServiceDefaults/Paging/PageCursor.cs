using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Platform.ServiceDefaults.Paging;

/// <summary>
/// Where the next page starts: the (created_at, id) of the last row served, newest first. Opaque to clients (base64url),
/// bound to the user it was issued to and checksummed, so an edited cursor, or another user's, is a 400. It is not a
/// secret: a forged one could only page through the caller's own rows, which the caller may read anyway.
/// </summary>
public sealed record PageCursor(DateTimeOffset CreatedAt, Guid Id)
{
    private const int PayloadBytes = 8 + 16;
    private const int ChecksumBytes = 8;
    private const int EncodedLength = ((PayloadBytes + ChecksumBytes) * 4 + 2) / 3;

    public string Encode(Guid userId)
    {
        Span<byte> bytes = stackalloc byte[PayloadBytes + ChecksumBytes];
        // Microseconds since the epoch: PostgreSQL's timestamptz resolution, so the comparison is exact.
        BinaryPrimitives.WriteInt64BigEndian(bytes, (CreatedAt.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10);
        Id.TryWriteBytes(bytes.Slice(8, 16), bigEndian: true, out _);
        Checksum(userId, bytes[..PayloadBytes]).CopyTo(bytes[PayloadBytes..]);
        return Base64Url.Encode(bytes);
    }

    public static PageCursor? TryDecode(string text, Guid userId)
    {
        Span<byte> bytes = stackalloc byte[PayloadBytes + ChecksumBytes];
        if (text.Length != EncodedLength || !text.All(IsBase64UrlChar) || !Base64Url.TryDecode(text, bytes, out var written) || written != bytes.Length)
        {
            return null;
        }

        if (!CryptographicOperations.FixedTimeEquals(Checksum(userId, bytes[..PayloadBytes]), bytes[PayloadBytes..]))
        {
            return null;
        }

        var micros = BinaryPrimitives.ReadInt64BigEndian(bytes);
        return micros is < 0 or > 253_402_300_799_000_000 // up to 9999-12-31, as DateTimeOffset allows
            ? null
            : new PageCursor(DateTimeOffset.UnixEpoch.AddTicks(micros * 10), new Guid(bytes.Slice(8, 16), bigEndian: true));
    }

    private static bool IsBase64UrlChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_';

    private static byte[] Checksum(Guid userId, ReadOnlySpan<byte> payload)
    {
        Span<byte> input = stackalloc byte[16 + PayloadBytes];
        userId.TryWriteBytes(input[..16], bigEndian: true, out _);
        payload.CopyTo(input[16..]);
        return SHA256.HashData(input)[..ChecksumBytes];
    }

    private static class Base64Url
    {
        public static string Encode(ReadOnlySpan<byte> bytes) => System.Buffers.Text.Base64Url.EncodeToString(bytes);

        public static bool TryDecode(string text, Span<byte> destination, out int written) =>
            System.Buffers.Text.Base64Url.TryDecodeFromChars(text, destination, out written);
    }
}
