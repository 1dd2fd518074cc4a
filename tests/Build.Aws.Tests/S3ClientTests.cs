using System.Net;
using System.Security.Cryptography;
using System.Text;
using Amazon.CloudFormation.Model;
using Amazon.S3;
using Amazon.S3.Model;
using Platform.FakeAws;

namespace Platform.Build.Aws.Tests;

/// <summary>
/// The SDK's S3 client on our endpoint plumbing, against the fake S3 ("Amazon S3 API Reference: PutObject, HeadObject, Common
/// Request Headers"), and the fake CloudFormation reading a TemplateURL from it ("AWS CloudFormation API Reference: ValidateTemplate").
/// </summary>
public sealed class S3ClientTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task WholeSignedPayloadWithItsSha256IsStoredAndReadBack()
    {
        await using var fake = await FakeWithBucketAsync();
        var (aws, s3) = (fake.Aws, fake.S3);
        var bytes = Encoding.UTF8.GetBytes(Templates.Platform);

        await s3.PutObjectAsync(WholePayload("templates", "a.yaml", bytes), Ct);
        var head = await s3.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = "templates", Key = "a.yaml" }, Ct);

        Assert.Equal(bytes, aws.S3.ObjectBytes("templates", "a.yaml"));
        Assert.Equal(bytes.Length, head.ContentLength);
        Assert.Equal(("s3", FakeAwsClients.Region), (aws.Requests[0].Service, aws.Requests[0].Region));
    }

    [Fact]
    public async Task ChecksumThatDoesNotMatchTheBodyIsRefused()
    {
        await using var fake = await FakeWithBucketAsync();
        var (aws, s3) = (fake.Aws, fake.S3);
        var request = WholePayload("templates", "a.yaml", Encoding.UTF8.GetBytes(Templates.Platform));
        request.ChecksumSHA256 = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes("other bytes")));

        var error = await Assert.ThrowsAsync<AmazonS3Exception>(() => s3.PutObjectAsync(request, Ct));

        Assert.Equal("BadDigest", error.ErrorCode);
        Assert.Null(aws.S3.ObjectBytes("templates", "a.yaml"));
    }

    [Fact]
    public async Task ChunkedUploadIsRefusedRatherThanStoredUnchecked()
    {
        // The SDK's default for a stream over http is an aws-chunked body; the build turns it off, and the fake says so if it comes back.
        await using var fake = await FakeWithBucketAsync(maxAttempts: 1);
        var (aws, s3) = (fake.Aws, fake.S3);

        var error = await Assert.ThrowsAsync<AmazonS3Exception>(() => s3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = "templates", Key = "a.yaml", InputStream = new MemoryStream(Encoding.UTF8.GetBytes(Templates.Platform)),
        }, Ct));

        Assert.Equal(HttpStatusCode.NotImplemented, error.StatusCode);
        Assert.Null(aws.S3.ObjectBytes("templates", "a.yaml"));
    }

    [Fact]
    public async Task ValidateTemplateReadsTheTemplateFromItsS3Url()
    {
        await using var fake = await FakeWithBucketAsync();
        var s3 = fake.S3;
        using var cfn = fake.Factory.CreateCloudFormation();
        await s3.PutObjectAsync(WholePayload("templates", "t/platform.yaml", Encoding.UTF8.GetBytes(Templates.Platform)), Ct);

        var found = await cfn.ValidateTemplateAsync(new ValidateTemplateRequest { TemplateURL = "https://templates.s3.eu-west-1.amazonaws.com/t/platform.yaml" }, Ct);
        var pathStyle = await cfn.ValidateTemplateAsync(new ValidateTemplateRequest { TemplateURL = "https://s3.eu-west-1.amazonaws.com/templates/t/platform.yaml" }, Ct);
        var missing = await Assert.ThrowsAsync<AwsServiceError>(() =>
            cfn.ValidateTemplateAsync(new ValidateTemplateRequest { TemplateURL = "https://templates.s3.eu-west-1.amazonaws.com/t/other.yaml" }, Ct));
        var notS3 = await Assert.ThrowsAsync<AwsServiceError>(() =>
            cfn.ValidateTemplateAsync(new ValidateTemplateRequest { TemplateURL = "https://example.org/t/platform.yaml" }, Ct));

        Assert.NotNull(found.Parameters);
        Assert.Equal(["EnvironmentName", "ImageTag", "DbPassword"], found.Parameters.Select(p => p.ParameterKey));
        Assert.Equal("Test platform", pathStyle.Description);
        Assert.Equal("TemplateURL must reference a valid S3 object to which you have access.", missing.ErrorMessage);
        Assert.Equal("TemplateURL must be a supported URL.", notS3.ErrorMessage);
    }

    private static async Task<FakeWithBucket> FakeWithBucketAsync(int maxAttempts = 4)
    {
        var aws = await FakeAwsServer.StartAsync(cancellationToken: Ct);
        aws.S3.AddBucket("templates");
        var factory = FakeAwsClients.Create(aws, maxAttempts: maxAttempts);
        return new FakeWithBucket(aws, factory, factory.CreateS3());
    }

    /// <summary>A fake with one bucket, "templates", and an S3 client on it.</summary>
    private sealed record FakeWithBucket(FakeAwsServer Aws, AwsClientFactory Factory, IAmazonS3 S3) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            S3.Dispose();
            Factory.Dispose();
            await Aws.DisposeAsync();
        }
    }

    private static PutObjectRequest WholePayload(string bucket, string key, byte[] bytes) => new()
    {
        BucketName = bucket,
        Key = key,
        InputStream = new MemoryStream(bytes),
        UseChunkEncoding = false,
        ChecksumAlgorithm = ChecksumAlgorithm.SHA256,
        ChecksumSHA256 = Convert.ToBase64String(SHA256.HashData(bytes)),
    };
}
