using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace Platform.FakeAws;

/// <summary>
/// S3 buckets and objects as state: a bucket has an owner, a region and the settings the build puts on it (versioning, default
/// encryption, public access block, policy, lifecycle); objects keep every version while versioning is on.
/// New buckets start with the defaults S3 documents for buckets created since April 2023: public access blocked and
/// SSE-S3 encryption ("Amazon S3 User Guide: Default encryption FAQ", "Blocking public access to your Amazon S3 storage").
/// </summary>
public sealed partial class FakeS3
{
    private readonly FakeAwsOptions _options;
    private readonly Lock _gate;
    private readonly Dictionary<string, FakeBucket> _buckets = new(StringComparer.Ordinal);
    private int _nextVersion;

    internal FakeS3(FakeAwsOptions options, Lock gate)
    {
        _options = options;
        _gate = gate;
    }

    // "Amazon S3 User Guide: General purpose bucket naming rules": 3-63 lower-case letters, digits, '.', '-'; letter or digit at each end.
    [GeneratedRegex(@"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")]
    private static partial Regex BucketNamePattern();

    /// <summary>Seeds a bucket, e.g. one that cloudformation/github-oidc.yaml made, or one another account owns.</summary>
    public void AddBucket(string name, string? ownerAccountId = null, string? region = null)
    {
        lock (_gate)
        {
            _buckets[name] = new FakeBucket(name, ownerAccountId ?? _options.AccountId, region ?? _options.Region);
        }
    }

    /// <summary>The bucket as it is now, or null when it does not exist.</summary>
    public FakeBucketState? Bucket(string name)
    {
        lock (_gate)
        {
            return _buckets.TryGetValue(name, out var bucket) ? bucket.Snapshot() : null;
        }
    }

    /// <summary>The newest version of an object's bytes, or null.</summary>
    public byte[]? ObjectBytes(string bucket, string key)
    {
        lock (_gate)
        {
            return _buckets.GetValueOrDefault(bucket)?.Objects.GetValueOrDefault(key)?[^1].Body;
        }
    }

    internal void HeadBucket(string bucket, string? expectedOwner) => Owned(bucket, expectedOwner);

    /// <summary>A request signed for another region than the bucket's is refused ("Amazon S3 API Reference: Error responses").</summary>
    internal void CheckRegion(string bucket, string signingRegion)
    {
        if (_buckets.TryGetValue(bucket, out var existing) && existing.Region != signingRegion)
        {
            throw new FakeAwsException("AuthorizationHeaderMalformed",
                $"The authorization header is malformed; the region '{signingRegion}' is wrong; expecting '{existing.Region}'");
        }
    }

    internal void CreateBucket(string bucket, string signingRegion, string? locationConstraint)
    {
        if (!BucketNamePattern().IsMatch(bucket) || bucket.Contains("..", StringComparison.Ordinal))
        {
            throw new FakeAwsException("InvalidBucketName", "The specified bucket is not valid.");
        }

        // "CreateBucket": outside us-east-1 the LocationConstraint must name the region the request is sent to.
        // "EU" is the legacy constraint for eu-west-1, which S3 still accepts and the SDK still sends.
        var region = locationConstraint switch { null or "" => "us-east-1", "EU" => "eu-west-1", _ => locationConstraint };
        if (region != signingRegion)
        {
            throw new FakeAwsException("IllegalLocationConstraintException",
                $"The {region} location constraint is incompatible for the region specific endpoint this request was sent to.");
        }

        if (_buckets.TryGetValue(bucket, out var existing))
        {
            throw existing.Owner == _options.AccountId
                ? new FakeAwsException("BucketAlreadyOwnedByYou", "Your previous request to create the named bucket succeeded and you already own it.", 409)
                : new FakeAwsException("BucketAlreadyExists", "The requested bucket name is not available. The bucket namespace is shared by all users of the system. Please select a different name and try again.", 409);
        }

        _buckets[bucket] = new FakeBucket(bucket, _options.AccountId, region);
    }

    internal void PutVersioning(string bucket, string? expectedOwner, string status)
    {
        if (status is not ("Enabled" or "Suspended"))
        {
            throw new FakeAwsException("MalformedXML", "The XML you provided was not well-formed or did not validate against our published schema");
        }

        Owned(bucket, expectedOwner).Versioning = status;
    }

    internal void PutEncryption(string bucket, string? expectedOwner, string algorithm, bool bucketKey)
    {
        if (algorithm is not ("AES256" or "aws:kms" or "aws:kms:dsse"))
        {
            throw new FakeAwsException("MalformedXML", "The XML you provided was not well-formed or did not validate against our published schema");
        }

        var owned = Owned(bucket, expectedOwner);
        owned.EncryptionAlgorithm = algorithm;
        owned.BucketKeyEnabled = bucketKey;
    }

    internal void PutPublicAccessBlock(string bucket, string? expectedOwner, FakePublicAccessBlock block) =>
        Owned(bucket, expectedOwner).PublicAccessBlock = block;

    internal void PutPolicy(string bucket, string? expectedOwner, string policy) => Owned(bucket, expectedOwner).Policy = policy;

    internal void PutLifecycle(string bucket, string? expectedOwner, IReadOnlyList<FakeLifecycleRule> rules)
    {
        // "PutBucketLifecycleConfiguration": at most 1,000 rules, each with a unique ID.
        if (rules.Count == 0 || rules.Count > 1000 || rules.Select(r => r.Id).Distinct(StringComparer.Ordinal).Count() != rules.Count)
        {
            throw new FakeAwsException("InvalidRequest", "Lifecycle rules must be 1 to 1000, each with a unique ID.");
        }

        Owned(bucket, expectedOwner).LifecycleRules = rules;
    }

    internal FakeObjectVersion PutObject(string bucket, string? expectedOwner, string key, byte[] body)
    {
        var owned = Owned(bucket, expectedOwner);
        var versions = owned.Objects.TryGetValue(key, out var list) ? list : owned.Objects[key] = [];
        // Without versioning (or suspended) the one "null" version is overwritten.
        var versionId = owned.Versioning == "Enabled" ? $"v{++_nextVersion:D8}" : null;
        if (versionId is null)
        {
            versions.RemoveAll(v => v.VersionId is null);
        }

#pragma warning disable CA5351 // S3's ETag of a single-part upload is the MD5 of its bytes; it is an identifier here, not security.
        var version = new FakeObjectVersion(body, versionId, Convert.ToHexStringLower(MD5.HashData(body)));
#pragma warning restore CA5351
        versions.Add(version);
        return version;
    }

    /// <summary>
    /// Whether the caller holds s3:ListBucket. Without it S3 answers a missing key with 403 Access Denied rather than 404
    /// ("Amazon S3 API Reference: HeadObject", "GetObject"), as for a least-privilege deploy role.
    /// </summary>
    public bool CallerMayListBucket { get; set; } = true;

    internal FakeObjectVersion GetObject(string bucket, string? expectedOwner, string key) =>
        Owned(bucket, expectedOwner).Objects.GetValueOrDefault(key)?[^1]
        ?? throw (CallerMayListBucket
            ? new FakeAwsException("NoSuchKey", "The specified key does not exist.", 404)
            : new FakeAwsException("AccessDenied", "Access Denied", 403));

    /// <summary>The object CloudFormation fetches for a TemplateURL; the fake's caller is always the bucket's account.</summary>
    internal byte[] ReadForCloudFormation(string bucket, string key)
    {
        lock (_gate)
        {
            return GetObject(bucket, null, key).Body;
        }
    }

    private FakeBucket Owned(string bucket, string? expectedOwner)
    {
        if (!_buckets.TryGetValue(bucket, out var owned))
        {
            throw new FakeAwsException("NoSuchBucket", "The specified bucket does not exist", 404);
        }

        // "Verifying bucket ownership with bucket owner condition": a mismatch is 403 Access Denied. Without our account's
        // grant, another account's bucket answers Access Denied as well.
        if ((expectedOwner is not null && expectedOwner != owned.Owner) || owned.Owner != _options.AccountId)
        {
            throw new FakeAwsException("AccessDenied", "Access Denied", 403);
        }

        return owned;
    }

    private sealed class FakeBucket(string name, string owner, string region)
    {
        public string Owner { get; } = owner;

        public string Region { get; } = region;

        public string? Versioning { get; set; }

        public string EncryptionAlgorithm { get; set; } = "AES256";

        public bool BucketKeyEnabled { get; set; }

        public FakePublicAccessBlock PublicAccessBlock { get; set; } = new(true, true, true, true);

        public string? Policy { get; set; }

        public IReadOnlyList<FakeLifecycleRule> LifecycleRules { get; set; } = [];

        public Dictionary<string, List<FakeObjectVersion>> Objects { get; } = new(StringComparer.Ordinal);

        public FakeBucketState Snapshot() => new(
            name, Owner, Region, Versioning, EncryptionAlgorithm, BucketKeyEnabled, PublicAccessBlock, Policy, LifecycleRules,
            Objects.ToDictionary(o => o.Key, o => o.Value.Count, StringComparer.Ordinal));
    }
}

public sealed record FakeBucketState(
    string Name, string Owner, string Region, string? Versioning, string EncryptionAlgorithm, bool BucketKeyEnabled,
    FakePublicAccessBlock PublicAccessBlock, string? Policy, IReadOnlyList<FakeLifecycleRule> LifecycleRules,
    IReadOnlyDictionary<string, int> ObjectVersions);

public sealed record FakePublicAccessBlock(bool BlockPublicAcls, bool IgnorePublicAcls, bool BlockPublicPolicy, bool RestrictPublicBuckets);

/// <summary>One lifecycle rule as the fake reads it: its filter prefix and the expirations the build sets.</summary>
public sealed record FakeLifecycleRule(
    string Id, bool Enabled, string Prefix, int? NoncurrentDays, int? NewerNoncurrentVersions, int? AbortIncompleteUploadDays);

internal sealed record FakeObjectVersion(byte[] Body, string? VersionId, string ETag);
