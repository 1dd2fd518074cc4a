using System.Text.Json;
using Platform.FakeAws;

namespace BuildTests.Deploy;

/// <summary>
/// Which bucket the template goes through (--template-bucket, then the TemplateBucketName output of platform-github-&lt;env&gt;,
/// then the account's own bucket) and the settings the build gives the bucket it creates. S3 behaviour from "Amazon S3 API
/// Reference: CreateBucket, HeadBucket, PutObject" and "Amazon S3 User Guide: Verifying bucket ownership with bucket owner condition".
/// </summary>
public sealed class TemplateBucketTests
{
    const string Deploy = $"DeployStack --skip --env dev --acm-certificate-arn {DeployHarness.Certificate} --tag abc1234";
    const string AccountBucket = "platform-templates-123456789012-eu-west-1";
    const string AccessStack = "platform-github-dev";

    [Fact]
    public async Task TemplateBucketParameterWinsOverTheAccessStackOutput()
    {
        // Given both a named bucket and the access stack's bucket
        await using var harness = await StartWithImagesAsync();
        harness.Aws.S3.AddBucket("team-templates");
        SeedAccessStack(harness, "dev-platform-templates");

        // When
        var (exitCode, output) = await harness.RunAsync($"{Deploy} --template-bucket team-templates");

        // Then
        Assert.True(exitCode == 0, output);
        OutputAssert.Contains("Template bucket team-templates: --template-bucket.", output);
        Assert.Single(harness.Aws.S3.Bucket("team-templates")!.ObjectVersions, o => o.Key.StartsWith("templates/", StringComparison.Ordinal));
        Assert.Empty(harness.Aws.S3.Bucket("dev-platform-templates")!.ObjectVersions);
        Assert.Null(harness.Aws.S3.Bucket(AccountBucket));
        Assert.DoesNotContain(harness.Aws.Requests, r => r.Operation == "DescribeStacks" && r.Parameters.GetValueOrDefault("StackName") == AccessStack);
    }

    [Fact]
    public async Task AccessStackOutputIsUsedWhenNoBucketIsNamed()
    {
        await using var harness = await StartWithImagesAsync();
        SeedAccessStack(harness, "dev-platform-templates");

        var (exitCode, output) = await harness.RunAsync(Deploy);

        Assert.True(exitCode == 0, output);
        OutputAssert.Contains($"Template bucket dev-platform-templates: output TemplateBucketName of stack {AccessStack}.", output);
        Assert.Single(harness.Aws.S3.Bucket("dev-platform-templates")!.ObjectVersions, o => o.Key.StartsWith("templates/", StringComparison.Ordinal));
        Assert.Equal(0, harness.Count("CreateBucket"));
        Assert.Null(harness.Aws.S3.Bucket(AccountBucket));
    }

    [Fact]
    public async Task WithoutEitherTheAccountBucketIsCreatedWithItsSettings()
    {
        await using var harness = await StartWithImagesAsync();

        var (exitCode, output) = await harness.RunAsync(Deploy);

        Assert.True(exitCode == 0, output);
        var bucket = harness.Aws.S3.Bucket(AccountBucket)!;
        Assert.Equal("123456789012", bucket.Owner);
        Assert.Equal("eu-west-1", bucket.Region);
        Assert.Equal("Enabled", bucket.Versioning);
        // New buckets already block public access and use SSE-S3; the build sets both anyway, so the bucket does not depend on account defaults.
        Assert.Equal(new FakePublicAccessBlock(true, true, true, true), bucket.PublicAccessBlock);
        Assert.Equal("AES256", bucket.EncryptionAlgorithm);
        Assert.Equal(1, harness.Count("PutPublicAccessBlock"));
        Assert.Equal(1, harness.Count("PutBucketEncryption"));
        var rule = Assert.Single(bucket.LifecycleRules);
        Assert.True(rule.Enabled);
        Assert.Equal("", rule.Prefix);
        Assert.Equal(30, rule.NoncurrentDays);
        Assert.Equal(1, rule.AbortIncompleteUploadDays);
        AssertTlsOnly(bucket.Policy!, AccountBucket);
    }

    [Fact]
    public async Task DeployRoleWithoutListBucketStillUploadsANewTemplate()
    {
        // Given the deploy role of github-oidc.yaml: s3:GetObject and s3:PutObject on templates/*, no s3:ListBucket
        await using var harness = await StartWithImagesAsync();
        SeedAccessStack(harness, "dev-platform-templates");
        harness.Aws.S3.CallerMayListBucket = false;

        var (exitCode, output) = await harness.RunAsync(Deploy);

        Assert.True(exitCode == 0, output);
        Assert.Contains(harness.Aws.Requests, r => r.Operation == "HeadObject" && r.ErrorCode == "AccessDenied");
        Assert.Single(harness.Aws.S3.Bucket("dev-platform-templates")!.ObjectVersions, o => o.Key.StartsWith("templates/", StringComparison.Ordinal));
        Assert.Equal("UPDATE_COMPLETE", harness.Aws.CloudFormation.Stack(DeployHarness.Stack)!.Status);
    }

    [Fact]
    public async Task AccountBucketNameOwnedByAnotherAccountFailsBeforeTheStackChanges()
    {
        // Given the default name taken by someone else (bucket sniping): ExpectedBucketOwner makes S3 answer 403
        await using var harness = await StartWithImagesAsync();
        harness.Aws.S3.AddBucket(AccountBucket, ownerAccountId: "999999999999");

        var (exitCode, output) = await harness.RunAsync(Deploy);

        Assert.Equal(1, exitCode);
        OutputAssert.Contains($"The template bucket {AccountBucket} exists but account 123456789012 does not own it", output);
        Assert.Equal(0, harness.TemplateUploads());
        Assert.Equal(0, harness.Count("CreateChangeSet"));
    }

    [Fact]
    public async Task MissingTemplateBucketFailsNamingTheParameter()
    {
        await using var harness = await StartWithImagesAsync();

        var (exitCode, output) = await harness.RunAsync($"{Deploy} --template-bucket no-such-templates");

        Assert.Equal(1, exitCode);
        OutputAssert.Contains("The template cannot be uploaded to bucket no-such-templates (from --template-bucket): NoSuchBucket.", output);
        Assert.Equal(0, harness.Count("CreateChangeSet"));
    }

    [Fact]
    public async Task TemplateBucketInAnotherRegionFailsNamingTheRegion()
    {
        await using var harness = await StartWithImagesAsync();
        harness.Aws.S3.AddBucket("us-templates", region: "us-east-1");

        var (exitCode, output) = await harness.RunAsync($"{Deploy} --template-bucket us-templates");

        Assert.Equal(1, exitCode);
        OutputAssert.Contains("The template bucket us-templates (from --template-bucket) is not in region eu-west-1", output);
        Assert.Empty(harness.Aws.S3.Bucket("us-templates")!.ObjectVersions);
        Assert.Equal(0, harness.Count("CreateChangeSet"));
    }

    [Fact]
    public async Task UnreachableStsFailsDeployStackWithoutAStackTrace()
    {
        // STS (the SDK's own client, asked for the bucket's account) on port 9 of loopback: nothing listens, the connection is refused.
        await using var harness = await DeployHarness.StartAsync();
        harness.Environment["AWS_ENDPOINT_URL_STS"] = "http://127.0.0.1:9";

        var (exitCode, output) = await harness.RunAsync(Deploy);

        Assert.Equal(1, exitCode);
        OutputAssert.Contains("AWS could not be reached or no credentials were found", output);
        OutputAssert.DoesNotContain("   at ", output);
    }

    [Theory]
    [InlineData("Team_Templates")]
    [InlineData("ab")]
    [InlineData("templates..dev")]
    [InlineData("192.168.1.10")]
    public async Task MalformedTemplateBucketFailsBeforeAnyAwsRequest(string bucket)
    {
        await using var harness = await StartWithImagesAsync();

        var (exitCode, output) = await harness.RunAsync($"{Deploy} --template-bucket {bucket}");

        Assert.Equal(1, exitCode);
        OutputAssert.Contains($"--template-bucket '{bucket}' is not an S3 bucket name", output);
        Assert.Equal(0, harness.Aws.RequestCount);
    }

    static async Task<DeployHarness> StartWithImagesAsync()
    {
        var harness = await DeployHarness.StartAsync();
        harness.SeedImages("abc1234");
        return harness;
    }

    static void SeedAccessStack(DeployHarness harness, string bucket)
    {
        harness.Aws.S3.AddBucket(bucket);
        harness.Aws.CloudFormation.AddStack(AccessStack, "CREATE_COMPLETE", outputs: new Dictionary<string, string> { ["TemplateBucketName"] = bucket });
    }

    static void AssertTlsOnly(string policy, string bucket)
    {
        using var document = JsonDocument.Parse(policy);
        var statement = Assert.Single(document.RootElement.GetProperty("Statement").EnumerateArray().ToList());
        Assert.Equal("Deny", statement.GetProperty("Effect").GetString());
        Assert.Equal("*", statement.GetProperty("Principal").GetString());
        Assert.Equal("s3:*", statement.GetProperty("Action").GetString());
        Assert.Equal([$"arn:aws:s3:::{bucket}", $"arn:aws:s3:::{bucket}/*"], statement.GetProperty("Resource").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal("false", statement.GetProperty("Condition").GetProperty("Bool").GetProperty("aws:SecureTransport").GetString());
    }
}
