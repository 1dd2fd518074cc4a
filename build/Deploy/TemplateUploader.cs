using System.Net;
using System.Security.Cryptography;
using System.Text;
using Amazon.S3;
using Amazon.S3.Model;
using BuildCore;
using Platform.Build.Aws;

namespace Platform.Build.Deploy;

/// <summary>
/// Puts the template in its bucket under a key made of the SHA-256 of its bytes, as `aws cloudformation deploy --s3-bucket` does
/// with MD5: the same template is uploaded once, and a key always means the same bytes. Returns the https URL CloudFormation reads.
/// </summary>
public sealed class TemplateUploader(IAmazonS3 s3, TextWriter log)
{
    /// <summary>The only prefix the deploy role may write (cloudformation/github-oidc.yaml).</summary>
    public const string KeyPrefix = "templates/";

    public static string KeyFor(byte[] bytes) => $"{KeyPrefix}{Convert.ToHexStringLower(SHA256.HashData(bytes))}.yaml";

    /// <summary>
    /// Virtual-hosted style, the form S3 documents for new URLs; a bucket name with dots would not match S3's TLS certificate
    /// as a host name, so it goes in the path.
    /// </summary>
    public static string UrlFor(string bucket, string key, string region)
    {
        var suffix = AwsRegion.DnsSuffix(region);
        return bucket.Contains('.', StringComparison.Ordinal)
            ? $"https://s3.{region}.{suffix}/{bucket}/{key}"
            : $"https://{bucket}.s3.{region}.{suffix}/{key}";
    }

    public async Task<string> UploadAsync(TemplateFile template, TemplateBucket bucket, string accountId, string region, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(bucket);
        var bytes = Encoding.UTF8.GetBytes(template.Body);
        var key = KeyFor(bytes);
        try
        {
            if (await ExistsAsync(bucket.Name, key, accountId, cancellationToken))
            {
                log.WriteLine($"Template already in s3://{bucket.Name}/{key} (same SHA-256): not uploaded again.");
            }
            else
            {
                await s3.PutObjectAsync(PutRequest(bucket.Name, key, bytes, "application/yaml", accountId), cancellationToken);
                log.WriteLine($"Uploaded {template.Path} ({bytes.Length} bytes) to s3://{bucket.Name}/{key}.");
            }
        }
        catch (AmazonS3Exception e) when (IsWrongRegion(e))
        {
            throw new BuildException(
                $"The template bucket {bucket.Name} (from {bucket.Source}) is not in region {region}, where the build uploads the template " +
                $"and CloudFormation reads it: name a bucket in {region} with --template-bucket, or leave it out to use the account's own.", e);
        }
        catch (AmazonS3Exception e) when (e.ErrorCode is "NoSuchBucket" or "AccessDenied" || e.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden)
        {
            throw new BuildException(
                $"The template cannot be uploaded to bucket {bucket.Name} (from {bucket.Source}): {e.ErrorCode ?? e.StatusCode.ToString()}. " +
                $"The bucket must exist in account {accountId} and allow s3:PutObject and s3:GetObject on {KeyPrefix}*; " +
                "fix --template-bucket, or leave it out to use the account's own template bucket.", e);
        }

        return UrlFor(bucket.Name, key, region);
    }

    /// <summary>A small object in one signed payload with its SHA-256 (S3 checks both): no aws-chunked body, and only the owner's bucket.</summary>
    internal static PutObjectRequest PutRequest(string bucket, string key, byte[] bytes, string contentType, string accountId) => new()
    {
        BucketName = bucket,
        Key = key,
        InputStream = new MemoryStream(bytes),
        ContentType = contentType,
        ExpectedBucketOwner = accountId,
        UseChunkEncoding = false,
        ChecksumAlgorithm = ChecksumAlgorithm.SHA256,
        ChecksumSHA256 = Convert.ToBase64String(SHA256.HashData(bytes)),
    };

    // A HEAD answer has no body, so no error code: S3 answers a HEAD signed for the wrong region with a bare 400.
    static bool IsWrongRegion(AmazonS3Exception e) =>
        e.ErrorCode is "AuthorizationHeaderMalformed" or "PermanentRedirect" || e.StatusCode == HttpStatusCode.MovedPermanently
        || (e.StatusCode == HttpStatusCode.BadRequest && e.ErrorCode is null or "BadRequest");

    async Task<bool> ExistsAsync(string bucket, string key, string accountId, CancellationToken cancellationToken)
    {
        try
        {
            await s3.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = bucket, Key = key, ExpectedBucketOwner = accountId }, cancellationToken);
            return true;
        }
        // Without s3:ListBucket (the deploy role has none) S3 answers a missing key with 403, not 404: PutObject then decides.
        catch (AmazonS3Exception e) when (e.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden && e.ErrorCode != "NoSuchBucket")
        {
            return false;
        }
    }
}
