using System.Text;

namespace Platform.FakeAws;

/// <summary>
/// Where the fake CloudFormation finds a template: TemplateBody (at most 51,200 bytes) or TemplateURL, an https URL of an object
/// in the fake S3 (at most 1 MB), read with the caller's access as CloudFormation does. "AWS CloudFormation API Reference:
/// CreateChangeSet, ValidateTemplate" and "CloudFormation quotas".
/// </summary>
internal static class TemplateSource
{
    public const int MaxBodyBytes = 51_200;
    public const int MaxUrlObjectBytes = 1_000_000;

    /// <summary>The template text, or null when the request names neither (the parser then says so).</summary>
    public static string? Read(IReadOnlyDictionary<string, string> form, FakeS3? s3)
    {
        if (form.GetValueOrDefault("TemplateBody") is { } body)
        {
            if (Encoding.UTF8.GetByteCount(body) > MaxBodyBytes)
            {
                throw FakeAwsException.Validation(
                    $"1 validation error detected: Value at 'templateBody' failed to satisfy constraint: Member must have length less than or equal to {MaxBodyBytes}");
            }

            return body;
        }

        return form.GetValueOrDefault("TemplateURL") is { } url ? FromS3(url, s3) : null;
    }

    private static string FromS3(string url, FakeS3? s3)
    {
        var (bucket, key) = Parse(url) ?? throw FakeAwsException.Validation("TemplateURL must be a supported URL.");
        byte[] bytes;
        try
        {
            bytes = s3?.ReadForCloudFormation(bucket, key) ?? throw new FakeAwsException("NoSuchBucket", "The specified bucket does not exist", 404);
        }
        catch (FakeAwsException e) when (e.Code is "NoSuchBucket" or "NoSuchKey" or "AccessDenied")
        {
            throw FakeAwsException.Validation("TemplateURL must reference a valid S3 object to which you have access.");
        }

        if (bytes.Length > MaxUrlObjectBytes)
        {
            throw FakeAwsException.Validation($"Template may not exceed {MaxUrlObjectBytes} bytes in size.");
        }

        return Encoding.UTF8.GetString(bytes);
    }

    /// <summary>Virtual-hosted (https://bucket.s3.region.amazonaws.com/key) and path-style (https://s3.region.amazonaws.com/bucket/key) URLs.</summary>
    private static (string Bucket, string Key)? Parse(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps)
        {
            return null;
        }

        var path = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        var host = uri.Host;
        if (!host.EndsWith(".amazonaws.com", StringComparison.Ordinal) && !host.EndsWith(".amazonaws.com.cn", StringComparison.Ordinal))
        {
            return null;
        }

        var virtualHosted = host.IndexOf(".s3.", StringComparison.Ordinal);
        if (virtualHosted > 0)
        {
            return path.Length == 0 ? null : (host[..virtualHosted], path);
        }

        if (!host.StartsWith("s3.", StringComparison.Ordinal))
        {
            return null;
        }

        var slash = path.IndexOf('/', StringComparison.Ordinal);
        return slash <= 0 ? null : (path[..slash], path[(slash + 1)..]);
    }
}
