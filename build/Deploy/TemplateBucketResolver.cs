using Amazon.CloudFormation.Model;
using Amazon.S3;

namespace Platform.Build.Deploy;

/// <summary>
/// Which bucket the template goes through, in this order: --template-bucket; the TemplateBucketName output of the
/// cloudformation/github-oidc.yaml stack of the environment; else the account's own bucket, created once with
/// <see cref="TemplateBucketSetup"/>. See docs/design/template-through-s3.md.
/// </summary>
public sealed class TemplateBucketResolver(IAmazonS3 s3, Func<string, CancellationToken, Task<Stack?>> describeStack, TextWriter log)
{
    /// <summary>The output of cloudformation/github-oidc.yaml that names its bucket.</summary>
    public const string BucketOutput = "TemplateBucketName";

    /// <param name="accessStackName">The github-oidc.yaml stack to read the bucket from; null skips that step (no environment).</param>
    public async Task<TemplateBucket> ResolveAsync(string? explicitBucket, string? accessStackName, string accountId, string region, CancellationToken cancellationToken)
    {
        var bucket = await FindAsync(explicitBucket, accessStackName, cancellationToken);
        if (bucket is null)
        {
            var name = TemplateBucketName.Default(accountId, region);
            await new TemplateBucketSetup(s3, log).EnsureAsync(name, accountId, region, cancellationToken);
            var noOutput = accessStackName is null ? "no --env to find a github-oidc.yaml stack by" : $"no {BucketOutput} output on stack {accessStackName}";
            bucket = new TemplateBucket(name, $"the account's template bucket (no --template-bucket, {noOutput})");
        }

        log.WriteLine($"Template bucket {bucket.Name}: {bucket.Source}.");
        return bucket;
    }

    async Task<TemplateBucket?> FindAsync(string? explicitBucket, string? accessStackName, CancellationToken cancellationToken)
    {
        if (explicitBucket is { Length: > 0 })
            return new TemplateBucket(explicitBucket, "--template-bucket");
        if (accessStackName is null)
            return null;
        var stack = await describeStack(accessStackName, cancellationToken);
        var output = stack?.Outputs?.FirstOrDefault(o => o.OutputKey == BucketOutput)?.OutputValue;
        return output is { Length: > 0 } ? new TemplateBucket(output, $"output {BucketOutput} of stack {accessStackName}") : null;
    }
}
