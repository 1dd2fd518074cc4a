using BuildCore;
using Platform.Build.Aws;
using Platform.Build.Deploy;

// The template reaches CloudFormation through S3 (TemplateURL, up to 1 MB), as `aws cloudformation deploy --s3-bucket` does.
// Which bucket, and why: docs/design/template-through-s3.md.
partial class Build
{
    [Parameter("S3 bucket DeployStack and Validate upload the template to. Default: the TemplateBucketName output of stack " +
        "platform-github-<env> (cloudformation/github-oidc.yaml), else platform-templates-<account>-<region>, created once.")]
    readonly string? TemplateBucket;

    /// <summary>The stack of cloudformation/github-oidc.yaml for this environment, named as its description advises; none without --env.</summary>
    string? AccessStackName => Env is { Length: > 0 } env ? $"platform-github-{env}" : null;

    string? _templateUrl;

    /// <summary>The bucket the template went to; the deploy history lives there too.</summary>
    string? _templateBucketName;

    /// <summary>Uploads the template once per run (Push's phase 1 and DeployStack share it) and returns its URL.</summary>
    async Task<string> TemplateUrlAsync(AwsClientFactory aws, CancellationToken cancellationToken)
    {
        if (_templateUrl is not null)
            return _templateUrl;
        using var s3 = aws.CreateS3();
        using var cloudFormation = aws.CreateCloudFormation();
        var account = (await CallerIdentityAsync(aws, cancellationToken)).Account;
        var stacks = new StackDeployer(cloudFormation, Log, Timing);
        var bucket = await new TemplateBucketResolver(s3, stacks.DescribeAsync, Log)
            .ResolveAsync(TemplateBucket, AccessStackName, account, aws.Region, cancellationToken);
        _templateBucketName = bucket.Name;
        return _templateUrl = await new TemplateUploader(s3, Log).UploadAsync(Template, bucket, account, aws.Region, cancellationToken);
    }

    void CheckTemplateBucket()
    {
        if (TemplateBucket is { Length: > 0 } bucket && !TemplateBucketName.IsValid(bucket))
            throw new BuildException($"--template-bucket '{bucket}' is not an S3 bucket name (3-63 lower-case letters, digits, '.' and '-', " +
                "starting and ending with a letter or digit); leave it out to use the account's own template bucket.");
    }
}
