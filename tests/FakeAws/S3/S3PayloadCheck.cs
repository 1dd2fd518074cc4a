using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;

namespace Platform.FakeAws;

/// <summary>
/// Checks an S3 request's body against the digests it declares, as S3 does: x-amz-content-sha256 (the signed payload hash),
/// Content-MD5 and the flexible x-amz-checksum-* headers. aws-chunked bodies (STREAMING-… payloads) are refused, not decoded:
/// the build's client sends whole payloads, and a change to that must show up here rather than pass unchecked.
/// See "Amazon S3 API Reference: Common Request Headers" and "Checking object integrity in Amazon S3".
/// </summary>
internal static class S3PayloadCheck
{
    public static void Verify(HttpRequest request, byte[] body)
    {
        var contentHash = request.Headers["x-amz-content-sha256"].ToString();
        if (contentHash.Length == 0)
        {
            throw new FakeAwsException("InvalidRequest", "Missing required header for this request: x-amz-content-sha256");
        }

        if (contentHash.StartsWith("STREAMING-", StringComparison.Ordinal) || request.Headers.ContentEncoding.ToString().Contains("aws-chunked", StringComparison.Ordinal))
        {
            throw new FakeAwsException("NotImplemented",
                $"A header you provided implies functionality that is not implemented (the fake S3 does not decode aws-chunked bodies: {contentHash}).", 501);
        }

        if (contentHash != "UNSIGNED-PAYLOAD" && contentHash != Convert.ToHexStringLower(SHA256.HashData(body)))
        {
            throw new FakeAwsException("XAmzContentSHA256Mismatch", "The provided 'x-amz-content-sha256' header does not match what was computed.");
        }

#pragma warning disable CA5351 // Content-MD5 is S3's integrity header: the fake must check what clients send.
        Expect(request, "Content-MD5", () => MD5.HashData(body), "BadDigest", "The Content-MD5 you specified did not match what we received.");
#pragma warning restore CA5351
        Expect(request, "x-amz-checksum-sha256", () => SHA256.HashData(body), "BadDigest", "The SHA256 you specified did not match the calculated checksum.");
        Expect(request, "x-amz-checksum-crc32", () => Crc32(body), "BadDigest", "The CRC32 you specified did not match the calculated checksum.");
        foreach (var header in request.Headers.Keys.Where(h => h.StartsWith("x-amz-checksum-", StringComparison.OrdinalIgnoreCase)))
        {
            if (!header.Equals("x-amz-checksum-sha256", StringComparison.OrdinalIgnoreCase) && !header.Equals("x-amz-checksum-crc32", StringComparison.OrdinalIgnoreCase)
                && !header.Equals("x-amz-checksum-algorithm", StringComparison.OrdinalIgnoreCase))
            {
                throw new FakeAwsException("NotImplemented", $"A header you provided implies functionality that is not implemented (the fake S3 checks only SHA256 and CRC32, not {header}).", 501);
            }
        }
    }

    private static void Expect(HttpRequest request, string header, Func<byte[]> digest, string code, string message)
    {
        var declared = request.Headers[header].ToString();
        if (declared.Length > 0 && declared != Convert.ToBase64String(digest()))
        {
            throw new FakeAwsException(code, message);
        }
    }

    /// <summary>CRC-32 (ISO-HDLC, reflected polynomial 0xEDB88320), big-endian as S3 encodes it.</summary>
    private static byte[] Crc32(byte[] data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        crc = ~crc;
        return [(byte)(crc >> 24), (byte)(crc >> 16), (byte)(crc >> 8), (byte)crc];
    }
}
