using System.Net;
using System.Text.Json.Nodes;
using Amazon.S3;
using Amazon.S3.Model;
using BuildCore;

namespace Platform.Build.Deploy;

/// <summary>
/// Creates the account's template bucket once, with the settings cloudformation/github-oidc.yaml gives its TemplateBucket:
/// public access blocked, SSE-S3 encryption, versioning, a TLS-only policy, and noncurrent versions expiring after
/// <see cref="NoncurrentVersionDays"/> days. Every call names the expected owner, so a same-named bucket in another account is refused.
/// </summary>
public sealed class TemplateBucketSetup(IAmazonS3 s3, TextWriter log)
{
    public const int NoncurrentVersionDays = 30;

    /// <summary>Creates <paramref name="bucket"/> unless the account already owns it; throws <see cref="AmazonS3Exception"/> when another account does.</summary>
    public async Task EnsureAsync(string bucket, string accountId, string region, CancellationToken cancellationToken)
    {
        if (await ExistsAsync(bucket, accountId, cancellationToken))
            return;

        log.WriteLine($"Creating the template bucket {bucket} (once per account and region): versioned, encrypted, TLS-only, public access blocked.");
        await s3.PutBucketAsync(new PutBucketRequest
        {
            BucketName = bucket,
            // us-east-1 takes no LocationConstraint; every other region must be named ("CreateBucket").
            BucketRegionName = region == "us-east-1" ? null : region,
            ObjectOwnership = ObjectOwnership.BucketOwnerEnforced,
        }, cancellationToken);
        await s3.PutPublicAccessBlockAsync(new PutPublicAccessBlockRequest
        {
            BucketName = bucket,
            ExpectedBucketOwner = accountId,
            PublicAccessBlockConfiguration = new PublicAccessBlockConfiguration
            {
                BlockPublicAcls = true,
                IgnorePublicAcls = true,
                BlockPublicPolicy = true,
                RestrictPublicBuckets = true,
            },
        }, cancellationToken);
        await s3.PutBucketEncryptionAsync(new PutBucketEncryptionRequest
        {
            BucketName = bucket,
            ExpectedBucketOwner = accountId,
            ServerSideEncryptionConfiguration = new ServerSideEncryptionConfiguration
            {
                ServerSideEncryptionRules = [new ServerSideEncryptionRule { ServerSideEncryptionByDefault = new ServerSideEncryptionByDefault { ServerSideEncryptionAlgorithm = ServerSideEncryptionMethod.AES256 } }],
            },
        }, cancellationToken);
        await s3.PutBucketVersioningAsync(new PutBucketVersioningRequest
        {
            BucketName = bucket,
            ExpectedBucketOwner = accountId,
            VersioningConfig = new S3BucketVersioningConfig { Status = VersionStatus.Enabled },
        }, cancellationToken);
        await s3.PutBucketPolicyAsync(new PutBucketPolicyRequest { BucketName = bucket, ExpectedBucketOwner = accountId, Policy = TlsOnlyPolicy(bucket, region) }, cancellationToken);
        await s3.PutLifecycleConfigurationAsync(new PutLifecycleConfigurationRequest
        {
            BucketName = bucket,
            ExpectedBucketOwner = accountId,
            Configuration = new LifecycleConfiguration
            {
                Rules =
                [
                    new LifecycleRule
                    {
                        Id = "expire-noncurrent-versions",
                        Status = LifecycleRuleStatus.Enabled,
                        Filter = new LifecycleFilter { Prefix = "" },
                        NoncurrentVersionExpiration = new LifecycleRuleNoncurrentVersionExpiration { NoncurrentDays = NoncurrentVersionDays },
                        AbortIncompleteMultipartUpload = new LifecycleRuleAbortIncompleteMultipartUpload { DaysAfterInitiation = 1 },
                    },
                ],
            },
        }, cancellationToken);
    }

    /// <summary>Denies every request that does not use TLS ("Amazon S3 User Guide: Enforce encryption of data in transit").</summary>
    public static string TlsOnlyPolicy(string bucket, string region)
    {
        var arn = $"arn:{Partition(region)}:s3:::{bucket}";
        return new JsonObject
        {
            ["Version"] = "2012-10-17",
            ["Statement"] = new JsonArray(new JsonObject
            {
                ["Sid"] = "DenyInsecureTransport",
                ["Effect"] = "Deny",
                ["Principal"] = "*",
                ["Action"] = "s3:*",
                ["Resource"] = new JsonArray(arn, arn + "/*"),
                ["Condition"] = new JsonObject { ["Bool"] = new JsonObject { ["aws:SecureTransport"] = "false" } },
            }),
        }.ToJsonString();
    }

    async Task<bool> ExistsAsync(string bucket, string accountId, CancellationToken cancellationToken)
    {
        try
        {
            await s3.HeadBucketAsync(new HeadBucketRequest { BucketName = bucket, ExpectedBucketOwner = accountId }, cancellationToken);
            return true;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.Forbidden)
        {
            throw new BuildException(
                $"The template bucket {bucket} exists but account {accountId} does not own it (or may not read it): " +
                "pass --template-bucket with a bucket of this account, or deploy cloudformation/github-oidc.yaml, whose TemplateBucketName output the build reads.", e);
        }
    }

    static string Partition(string region) =>
        region.StartsWith("cn-", StringComparison.Ordinal) ? "aws-cn" : region.StartsWith("us-gov-", StringComparison.Ordinal) ? "aws-us-gov" : "aws";
}
