using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace Platform.FakeAws;

/// <summary>
/// Recomputes the Signature Version 4 of a request from scratch (independently of AWSSDK.Core's signer, so the two check each other)
/// and rejects it with AWS's error codes. https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html
/// </summary>
internal static partial class SigV4Verifier
{
    [GeneratedRegex(@"^AWS4-HMAC-SHA256 Credential=(?<akid>[^/\s]+)/(?<date>\d{8})/(?<region>[^/]+)/(?<service>[^/]+)/aws4_request,\s*SignedHeaders=(?<headers>[a-z0-9;\-]+),\s*Signature=(?<sig>[0-9a-f]{64})$")]
    private static partial Regex AuthorizationPattern();

    public static SignedIdentity Verify(HttpRequest request, byte[] body, string expectedService, FakeAwsOptions options, bool jsonProtocol, DateTime now)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (string.IsNullOrEmpty(authorization))
        {
            throw jsonProtocol
                ? new FakeAwsException("MissingAuthenticationTokenException", "Missing Authentication Token", 403)
                : new FakeAwsException("MissingAuthenticationToken", "Request is missing Authentication Token", 403);
        }

        var match = AuthorizationPattern().Match(authorization);
        if (!match.Success)
        {
            throw new FakeAwsException(jsonProtocol ? "IncompleteSignatureException" : "IncompleteSignature",
                $"Authorization header requires 'Credential', 'Signature' and 'SignedHeaders' parameters. Authorization={Redact(authorization)}");
        }

        var amzDate = request.Headers["X-Amz-Date"].ToString();
        if (!DateTime.TryParseExact(amzDate, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var signedAt))
        {
            throw new FakeAwsException(jsonProtocol ? "IncompleteSignatureException" : "IncompleteSignature", "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
        }

        var accessKey = match.Groups["akid"].Value;
        if (accessKey != options.AccessKey)
        {
            throw jsonProtocol
                ? new FakeAwsException("UnrecognizedClientException", "The security token included in the request is invalid.", 403)
                : new FakeAwsException("InvalidClientTokenId", "The security token included in the request is invalid.", 403);
        }

        var signatureError = jsonProtocol ? "InvalidSignatureException" : "SignatureDoesNotMatch";
        var service = match.Groups["service"].Value;
        if (service != expectedService)
        {
            throw new FakeAwsException(signatureError, $"Credential should be scoped to correct service: '{expectedService}'. ", 403);
        }

        var date = match.Groups["date"].Value;
        if (date != amzDate[..8])
        {
            throw new FakeAwsException(signatureError, $"Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '{date}' != '{amzDate[..8]}'", 403);
        }

        if ((now - signedAt).Duration() > TimeSpan.FromMinutes(15))
        {
            throw new FakeAwsException(signatureError, $"Signature expired: {amzDate} is now earlier than {now.AddMinutes(-15):yyyyMMdd'T'HHmmss'Z'}", 403);
        }

        var signedHeaders = match.Groups["headers"].Value.Split(';');
        if (!signedHeaders.Contains("host"))
        {
            throw new FakeAwsException(signatureError, "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.", 403);
        }

        var region = match.Groups["region"].Value;
        var canonical = CanonicalRequest(request, body, signedHeaders);
        var scope = $"{date}/{region}/{service}/aws4_request";
        var stringToSign = $"AWS4-HMAC-SHA256\n{amzDate}\n{scope}\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)))}";
        var key = Hmac(Hmac(Hmac(Hmac(Encoding.UTF8.GetBytes("AWS4" + options.SecretKey), date), region), service), "aws4_request");
        var expected = Hex(Hmac(key, stringToSign));
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(match.Groups["sig"].Value)))
        {
            throw new FakeAwsException(signatureError,
                "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.",
                403);
        }

        return new SignedIdentity(accessKey, region, request.Headers["X-Amz-Security-Token"].FirstOrDefault());
    }

    private static string CanonicalRequest(HttpRequest request, byte[] body, string[] signedHeaders)
    {
        var path = (request.PathBase + request.Path).ToUriComponent();
        var query = string.Join('&', request.Query
            .SelectMany(q => q.Value.Select(v => (Key: Uri.EscapeDataString(q.Key), Value: Uri.EscapeDataString(v ?? ""))))
            .OrderBy(q => q.Key, StringComparer.Ordinal).ThenBy(q => q.Value, StringComparer.Ordinal)
            .Select(q => $"{q.Key}={q.Value}"));
        var builder = new StringBuilder()
            .Append(request.Method).Append('\n')
            .Append(string.IsNullOrEmpty(path) ? "/" : path).Append('\n')
            .Append(query).Append('\n');
        foreach (var name in signedHeaders)
        {
            var values = name == "host" ? request.Host.Value ?? "" : string.Join(',', request.Headers[name].Select(v => CollapseSpaces(v ?? "")));
            builder.Append(name).Append(':').Append(values.Trim()).Append('\n');
        }

        var payloadHash = request.Headers["X-Amz-Content-Sha256"].FirstOrDefault() ?? Hex(SHA256.HashData(body));
        return builder.Append('\n').Append(string.Join(';', signedHeaders)).Append('\n').Append(payloadHash).ToString();
    }

    private static string CollapseSpaces(string value) => SpacesPattern().Replace(value.Trim(), " ");

    [GeneratedRegex(" +")]
    private static partial Regex SpacesPattern();

    private static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);

    // Errors echo the header, as AWS does, but never the signature itself.
    private static string Redact(string authorization) => Regex.Replace(authorization, "Signature=[0-9a-fA-F]+", "Signature=****");
}

internal sealed record SignedIdentity(string AccessKey, string Region, string? SessionToken);
