using System.Text;
using Amazon.ECR.Model;
using Amazon.SecurityToken.Model;
using Platform.FakeAws;

namespace Platform.Build.Aws.Tests;

public sealed class EcrAndStsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task GetAuthorizationTokenDecodesToDockerCredentialsForTheChosenRegistry()
    {
        await using var aws = await FakeAwsServer.StartAsync(cancellationToken: Ct);
        aws.Ecr.ProxyEndpoint = "http://127.0.0.1:5000";
        using var factory = FakeAwsClients.Create(aws);

        var data = (await factory.CreateEcr().GetAuthorizationTokenAsync(new GetAuthorizationTokenRequest(), Ct)).AuthorizationData!.Single();

        Assert.Equal("AWS:" + aws.Ecr.Password, Encoding.UTF8.GetString(Convert.FromBase64String(data.AuthorizationToken!)));
        Assert.Equal("http://127.0.0.1:5000", data.ProxyEndpoint);
        Assert.InRange(data.ExpiresAt!.Value, DateTime.UtcNow.AddHours(11), DateTime.UtcNow.AddHours(13));
        Assert.Equal(("ecr", "GetAuthorizationToken", "{}"), (aws.Requests[0].Service, aws.Requests[0].Operation, aws.Requests[0].Json));
    }

    [Fact]
    public async Task DescribeImagesReturnsTagsDigestAndPushTimeAcrossPages()
    {
        await using var aws = await FakeAwsServer.StartAsync(cancellationToken: Ct);
        var digests = Enumerable.Range(1, 5).Select(i => aws.Ecr.AddImage("dev/auth-service", $"v{i}", i == 5 ? "latest" : $"build-{i}")).ToList();
        aws.Ecr.ImagesPageSize = 2;
        using var factory = FakeAwsClients.Create(aws);
        var ecr = factory.CreateEcr();

        var all = await ecr.Paginators.DescribeImages(new DescribeImagesRequest { RepositoryName = "dev/auth-service" }).ImageDetails.ToListAsync(Ct);
        var latest = await ecr.DescribeImagesAsync(new DescribeImagesRequest { RepositoryName = "dev/auth-service", ImageIds = [new ImageIdentifier { ImageTag = "latest" }] }, Ct);

        Assert.Equal(digests, all.Select(i => i.ImageDigest));
        Assert.Equal(3, aws.Requests.Count(r => r.Operation == "DescribeImages" && !r.Json!.Contains("imageIds", StringComparison.Ordinal)));
        var image = latest.ImageDetails!.Single();
        Assert.Equal(["v5", "latest"], image.ImageTags);
        Assert.Equal(digests[4], image.ImageDigest);
        Assert.True(image.ImagePushedAt > all[0].ImagePushedAt);
        Assert.Contains("\"imageIds\":[{\"imageTag\":\"latest\"}]", aws.Requests[^1].Json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DescribeImagesOfMissingRepositoryAndTagSurfaceErrors()
    {
        await using var aws = await FakeAwsServer.StartAsync(cancellationToken: Ct);
        aws.Ecr.AddImage("dev/auth-service", "v1");
        using var factory = FakeAwsClients.Create(aws);
        var ecr = factory.CreateEcr();

        var repository = await Assert.ThrowsAsync<AwsServiceError>(() => ecr.DescribeImagesAsync(new DescribeImagesRequest { RepositoryName = "dev/nope" }, Ct));
        var tag = await Assert.ThrowsAsync<AwsServiceError>(() =>
            ecr.DescribeImagesAsync(new DescribeImagesRequest { RepositoryName = "dev/auth-service", ImageIds = [new ImageIdentifier { ImageTag = "v9" }] }, Ct));

        Assert.Equal("ECR RepositoryNotFoundException: The repository with name 'dev/nope' does not exist in the registry with id '123456789012'", repository.Message);
        Assert.Equal("ImageNotFoundException", tag.ErrorCode);
        Assert.Contains("imageTag:'v9'", tag.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StsGetCallerIdentityUsesTheSdkClientThroughTheEndpointOverride()
    {
        await using var aws = await FakeAwsServer.StartAsync(cancellationToken: Ct);
        using var factory = FakeAwsClients.Create(aws, environment: new Dictionary<string, string> { ["AWS_ENDPOINT_URL_STS"] = aws.Url });
        using var sts = factory.CreateSts();

        var identity = await sts.GetCallerIdentityAsync(new GetCallerIdentityRequest(), Ct);

        Assert.Equal("123456789012", identity.Account);
        Assert.Equal(("sts", "GetCallerIdentity", "2011-06-15"), (aws.Requests[0].Service, aws.Requests[0].Operation, aws.Requests[0].Parameters["Version"]));
    }
}
