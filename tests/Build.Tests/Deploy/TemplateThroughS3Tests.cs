using System.Security.Cryptography;
using System.Text;
using Amazon.CloudFormation.Model;
using Amazon.Runtime;

namespace BuildTests.Deploy;

/// <summary>
/// DeployStack hands CloudFormation the template as a TemplateURL in S3, as `aws cloudformation deploy --s3-bucket` does.
/// Limits from "AWS CloudFormation API Reference: CreateChangeSet" (TemplateBody up to 51,200 bytes; TemplateURL an S3
/// object up to 1 MB) and "CloudFormation quotas".
/// </summary>
public sealed class TemplateThroughS3Tests
{
    const string Stack = DeployHarness.Stack;
    const string Deploy = $"DeployStack --skip --env dev --acm-certificate-arn {DeployHarness.Certificate}";
    const string AccountBucket = "platform-templates-123456789012-eu-west-1";

    [Fact]
    public async Task DeployStackUploadsTheTemplateToS3AndCreatesTheStackFromItsUrl()
    {
        // Given
        await using var harness = await DeployHarness.StartAsync();
        var bytes = await File.ReadAllBytesAsync(Path.Combine(BuildRun.RepositoryRoot, "cloudformation", "microserviceplatform.yaml"), TestContext.Current.CancellationToken);
        var key = $"templates/{Convert.ToHexStringLower(SHA256.HashData(bytes))}.yaml";

        harness.SeedImages("abc1234");

        // When
        var (exitCode, output) = await harness.RunAsync($"{Deploy} --tag abc1234");

        // Then: the object holds the template's bytes under their SHA-256, and the change set names its URL, not a body
        Assert.True(exitCode == 0, output);
        Assert.Equal(bytes, harness.Aws.S3.ObjectBytes(AccountBucket, key));
        // Both phases of a first deploy (services off, then on) read the same object.
        var changeSets = harness.Aws.Requests.Where(r => r.Operation == "CreateChangeSet").ToList();
        Assert.Equal(2, changeSets.Count);
        Assert.All(changeSets, c => Assert.Equal($"https://{AccountBucket}.s3.eu-west-1.amazonaws.com/{key}", c.Parameters["TemplateURL"]));
        Assert.All(changeSets, c => Assert.False(c.Parameters.ContainsKey("TemplateBody")));
        Assert.Equal(1, harness.TemplateUploads());
        Assert.Equal("UPDATE_COMPLETE", harness.Aws.CloudFormation.Stack(Stack)!.Status);
        Assert.Contains("AuthTaskDefinition", harness.Aws.CloudFormation.Stack(Stack)!.Resources);
    }

    [Fact]
    public async Task TemplateOverTheBodyLimitDeploysThroughS3()
    {
        // Given a template CloudFormation would refuse as a TemplateBody
        await using var harness = await DeployHarness.StartAsync();
        var template = await ScratchRoot.PaddedTemplateAsync(60_000);
        using var root = await ScratchRoot.WithTemplateAsync(template);
        harness.SeedImages("abc1234");
        var refused = await Assert.ThrowsAnyAsync<AmazonServiceException>(() => CreateChangeSetWithBodyAsync(harness, template));
        Assert.Contains("less than or equal to 51200", refused.Message, StringComparison.Ordinal);

        // When
        var (exitCode, output) = await harness.RunAsync($"{Deploy} --tag abc1234", rootDirectory: root.Path);

        // Then
        Assert.True(exitCode == 0, output);
        Assert.Equal("UPDATE_COMPLETE", harness.Aws.CloudFormation.Stack(Stack)!.Status);
        OutputAssert.Contains($"({Encoding.UTF8.GetByteCount(template)} bytes) to s3://{AccountBucket}/templates/", output);
    }

    [Fact]
    public async Task ValidateHandsCloudFormationTheTemplateUrl()
    {
        await using var harness = await DeployHarness.StartAsync();
        var build = new Build { TemplateTests = _ => Task.CompletedTask, NewSigningKeyPem = OneSigningKey.Make };

        var (exitCode, output) = await harness.RunAsync("Validate --env dev", build: build);

        Assert.True(exitCode == 0, output);
        var validate = harness.Aws.Requests.Single(r => r.Operation == "ValidateTemplate");
        Assert.StartsWith($"https://{AccountBucket}.s3.eu-west-1.amazonaws.com/templates/", validate.Parameters["TemplateURL"], StringComparison.Ordinal);
        Assert.False(validate.Parameters.ContainsKey("TemplateBody"));
        OutputAssert.Contains("CloudFormation ValidateTemplate (eu-west-1) accepts the template", output);
    }

    [Fact]
    public async Task TemplateOverOneMegabyteFailsValidateNamingTheLimitBeforeAnyAwsRequest()
    {
        await using var harness = await DeployHarness.StartAsync();
        using var root = await ScratchRoot.WithTemplateAsync(await ScratchRoot.PaddedTemplateAsync(1_000_001));

        var (exitCode, output) = await harness.RunAsync("Validate --env dev", rootDirectory: root.Path);

        Assert.Equal(1, exitCode);
        OutputAssert.Contains("CloudFormation takes at most 1,000,000 bytes (1 MB) from S3 (TemplateURL)", output);
        Assert.Equal(0, harness.Aws.RequestCount);
    }

    [Fact]
    public async Task SameTemplateIsUploadedOnceAndTheAccountBucketCreatedOnce()
    {
        await using var harness = await DeployHarness.StartAsync();
        harness.SeedImages("first");
        harness.SeedImages("second");
        Assert.Equal(0, (await harness.RunAsync($"{Deploy} --tag first")).ExitCode);

        var (exitCode, output) = await harness.RunAsync($"{Deploy} --tag second");

        Assert.True(exitCode == 0, output);
        OutputAssert.Contains("(same SHA-256): not uploaded again", output);
        Assert.Equal(1, harness.Count("CreateBucket"));
        Assert.Equal(1, harness.TemplateUploads());
        Assert.Equal(2, harness.Count("HeadBucket"));
        Assert.Equal("UPDATE_COMPLETE", harness.Aws.CloudFormation.Stack(Stack)!.Status);
    }

    static async Task CreateChangeSetWithBodyAsync(DeployHarness harness, string template)
    {
        using var aws = FakeAwsFactory.For(harness.Aws);
        using var cloudFormation = aws.CreateCloudFormation();
        await cloudFormation.CreateChangeSetAsync(new CreateChangeSetRequest
        {
            StackName = "body-limit",
            ChangeSetName = "control",
            ChangeSetType = "CREATE",
            TemplateBody = template,
            Capabilities = ["CAPABILITY_NAMED_IAM"],
        }, TestContext.Current.CancellationToken);
    }
}
