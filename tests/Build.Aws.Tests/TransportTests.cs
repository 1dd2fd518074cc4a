using System.Diagnostics;
using System.Net;
using Amazon.CloudFormation.Model;
using Amazon.ECS.Model;
using Amazon.Runtime;
using Platform.FakeAws;
using Task = System.Threading.Tasks.Task;

namespace Platform.Build.Aws.Tests;

public sealed class TransportTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task WrongSecretIsRejectedAsSignatureDoesNotMatch()
    {
        await using var aws = await FakeAwsServer.StartAsync(cancellationToken: Ct);
        aws.Ecs.AddService("c", "s");
        using var factory = FakeAwsClients.Create(aws, secretKey: "not-the-secret");

        var cfn = await Assert.ThrowsAsync<AwsServiceError>(() => factory.CreateCloudFormation().DescribeStacksAsync(new DescribeStacksRequest(), Ct));
        var ecs = await Assert.ThrowsAsync<AwsServiceError>(() => factory.CreateEcs().DescribeServicesAsync(new DescribeServicesRequest { Cluster = "c", Services = ["s"] }, Ct));

        Assert.Equal("SignatureDoesNotMatch", cfn.ErrorCode);
        Assert.Equal(HttpStatusCode.Forbidden, cfn.StatusCode);
        Assert.StartsWith("CloudFormation SignatureDoesNotMatch: The request signature we calculated does not match", cfn.Message, StringComparison.Ordinal);
        Assert.Equal("InvalidSignatureException", ecs.ErrorCode);
        Assert.Equal(2, aws.RequestCount); // not retried
    }

    [Fact]
    public async Task UnsignedRequestIsRejectedAsMissingAuthenticationToken()
    {
        await using var aws = await FakeAwsServer.StartAsync(cancellationToken: Ct);
        using var http = new HttpClient();

        using var response = await http.PostAsync(aws.Url, new FormUrlEncodedContent(new Dictionary<string, string> { ["Action"] = "DescribeStacks", ["Version"] = "2010-05-15" }), Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("<Code>MissingAuthenticationToken</Code>", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SessionTokenIsSentAndSigned()
    {
        await using var aws = await FakeAwsServer.StartAsync(cancellationToken: Ct);
        using var factory = AwsClientFactory.Create(new AwsClientOptions
        {
            Region = "eu-west-1",
            Credentials = new SessionAWSCredentials(aws.AccessKey, aws.SecretKey, "session-token-from-sso"),
            Environment = name => name == "AWS_ENDPOINT_URL" ? aws.Url : null,
        });

        var answer = await factory.CreateCloudFormation().DescribeStacksAsync(new DescribeStacksRequest(), Ct);

        Assert.Empty(answer.Stacks!);
        Assert.Null(aws.Requests.Single().ErrorCode);
    }

    [Fact]
    public async Task ThrottlingIsRetriedThenSucceeds()
    {
        await using var aws = await FakeAwsServer.StartAsync(cancellationToken: Ct);
        aws.Ecs.AddService("c", "s");
        var retries = new List<AwsRetryEvent>();
        using var factory = FakeAwsClients.Create(aws, maxAttempts: 4, onRetry: retries.Add);
        aws.ThrottleNext(2);

        var cfn = await factory.CreateCloudFormation().DescribeStacksAsync(new DescribeStacksRequest(), Ct);
        aws.ThrottleNext(2);
        var ecs = await factory.CreateEcs().DescribeServicesAsync(new DescribeServicesRequest { Cluster = "c", Services = ["s"] }, Ct);

        Assert.Empty(cfn.Stacks!);
        Assert.Single(ecs.Services!);
        Assert.Equal(["Throttling", "Throttling", null, "ThrottlingException", "ThrottlingException", null], aws.Requests.Select(r => r.ErrorCode));
        Assert.Equal([("CloudFormation", 1), ("CloudFormation", 2), ("ECS", 1), ("ECS", 2)], retries.Select(r => (r.Service, r.Attempt)));
        Assert.All(retries, r => Assert.Contains("Throttling", r.Reason, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ServerErrorsAreRetried()
    {
        await using var aws = await FakeAwsServer.StartAsync(cancellationToken: Ct);
        using var factory = FakeAwsClients.Create(aws, maxAttempts: 3);
        aws.FailNextWithServerError(2);

        await factory.CreateCloudFormation().DescribeStacksAsync(new DescribeStacksRequest(), Ct);

        Assert.Equal(["InternalFailure", "InternalFailure", null], aws.Requests.Select(r => r.ErrorCode));
    }

    [Fact]
    public async Task ThrottlingBeyondMaxAttemptsSurfacesTheThrottlingError()
    {
        await using var aws = await FakeAwsServer.StartAsync(cancellationToken: Ct);
        using var factory = FakeAwsClients.Create(aws, maxAttempts: 3);
        aws.ThrottleNext(10);

        var error = await Assert.ThrowsAsync<AwsServiceError>(() => factory.CreateCloudFormation().DescribeStacksAsync(new DescribeStacksRequest(), Ct));

        Assert.Equal("CloudFormation Throttling: Rate exceeded", error.Message);
        Assert.True(error.IsThrottling);
        Assert.Equal(3, aws.RequestCount);
    }

    [Fact]
    public async Task NonRetryableErrorsAreNotRetried()
    {
        await using var aws = await FakeAwsServer.StartAsync(cancellationToken: Ct);
        using var factory = FakeAwsClients.Create(aws, maxAttempts: 5);

        await Assert.ThrowsAsync<AwsServiceError>(() => factory.CreateCloudFormation().DescribeStacksAsync(new DescribeStacksRequest { StackName = "x" }, Ct));

        Assert.Equal(1, aws.RequestCount);
    }

    [Fact]
    public async Task CancellationStopsTheRetryWait()
    {
        await using var aws = await FakeAwsServer.StartAsync(cancellationToken: Ct);
        using var factory = FakeAwsClients.Create(aws, maxAttempts: 10, baseDelay: TimeSpan.FromSeconds(30));
        aws.ThrottleNext(10);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        cancel.CancelAfter(TimeSpan.FromMilliseconds(300));
        var clock = Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            factory.CreateCloudFormation().DescribeStacksAsync(new DescribeStacksRequest(), cancel.Token));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
        Assert.InRange(aws.RequestCount, 1, 2);
    }

    [Fact]
    public async Task AlreadyCancelledTokenSendsNothing()
    {
        await using var aws = await FakeAwsServer.StartAsync(cancellationToken: Ct);
        using var factory = FakeAwsClients.Create(aws);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            factory.CreateEcs().ListTasksAsync(new ListTasksRequest { Cluster = "c" }, new CancellationToken(canceled: true)));

        Assert.Equal(0, aws.RequestCount);
    }

    [Fact]
    public async Task ServiceSpecificEndpointWinsOverTheGlobalOne()
    {
        await using var global = await FakeAwsServer.StartAsync(cancellationToken: Ct);
        await using var specific = await FakeAwsServer.StartAsync(cancellationToken: Ct);
        global.Ecs.AddService("c", "s");
        using var factory = FakeAwsClients.Create(global, environment: new Dictionary<string, string>
        {
            ["AWS_ENDPOINT_URL"] = global.Url,
            ["AWS_ENDPOINT_URL_CLOUDFORMATION"] = specific.Url,
        });

        await factory.CreateCloudFormation().DescribeStacksAsync(new DescribeStacksRequest(), Ct);
        await factory.CreateEcs().DescribeServicesAsync(new DescribeServicesRequest { Cluster = "c", Services = ["s"] }, Ct);

        Assert.Equal("cloudformation", specific.Requests.Single().Service);
        Assert.Equal("ecs", global.Requests.Single().Service);
    }

    [Theory]
    [InlineData("EU_WEST_1")]
    [InlineData("eu-west")]
    [InlineData("Eu-West-1")]
    [InlineData("euwest1")]
    [InlineData("eu-west-1 ")]
    public async Task MalformedRegionFailsBeforeAnyRequestNamingTheParameter(string region)
    {
        await using var aws = await FakeAwsServer.StartAsync(cancellationToken: Ct);

        var error = Assert.Throws<ArgumentException>(() => AwsClientFactory.Create(new AwsClientOptions
        {
            Region = region,
            Credentials = new BasicAWSCredentials(aws.AccessKey, aws.SecretKey),
            Environment = name => name == "AWS_ENDPOINT_URL" ? aws.Url : null,
        }));

        Assert.Equal("Region", error.ParamName);
        Assert.Contains($"Region '{region}' is not a valid AWS region name", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, aws.RequestCount);
    }

    [Fact]
    public async Task SecretsNeverReachRetryEventsOrErrors()
    {
        await using var aws = await FakeAwsServer.StartAsync(cancellationToken: Ct);
        var retries = new List<AwsRetryEvent>();
        using var factory = FakeAwsClients.Create(aws, secretKey: "wrong-secret-value", maxAttempts: 2, onRetry: retries.Add);
        aws.ThrottleNext(1);

        var error = await Assert.ThrowsAsync<AwsServiceError>(() => factory.CreateCloudFormation().DescribeStacksAsync(new DescribeStacksRequest(), Ct));

        var text = error.ToString() + string.Join('\n', retries);
        Assert.DoesNotContain("wrong-secret-value", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Signature=", text, StringComparison.Ordinal);
        Assert.DoesNotContain("AWS4-HMAC-SHA256", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResponsesCarryTheRequestIdAndStatusLikeTheSdk()
    {
        await using var aws = await FakeAwsServer.StartAsync(cancellationToken: Ct);
        aws.Ecs.AddService("c", "s");
        using var factory = FakeAwsClients.Create(aws);

        var cfn = await factory.CreateCloudFormation().DescribeStacksAsync(new DescribeStacksRequest(), Ct);
        var ecs = await factory.CreateEcs().DescribeServicesAsync(new DescribeServicesRequest { Cluster = "c", Services = ["s"] }, Ct);

        Assert.True(Guid.TryParse(cfn.ResponseMetadata.RequestId, out _));
        Assert.True(Guid.TryParse(ecs.ResponseMetadata.RequestId, out _));
        Assert.Equal(HttpStatusCode.OK, ecs.HttpStatusCode);
    }

    [Fact]
    public async Task UnknownAccessKeyIsRejectedAsInvalidClientTokenId()
    {
        await using var aws = await FakeAwsServer.StartAsync(cancellationToken: Ct);
        using var factory = AwsClientFactory.Create(new AwsClientOptions
        {
            Region = "eu-west-1",
            Credentials = new BasicAWSCredentials("AKIAUNKNOWN000000000", aws.SecretKey),
            Environment = name => name == "AWS_ENDPOINT_URL" ? aws.Url : null,
        });

        var error = await Assert.ThrowsAsync<AwsServiceError>(() => factory.CreateCloudFormation().DescribeStacksAsync(new DescribeStacksRequest(), Ct));

        Assert.Equal("CloudFormation InvalidClientTokenId: The security token included in the request is invalid.", error.Message);
    }

    [Fact]
    public async Task MalformedAuthorizationHeaderIsRejectedAsIncompleteSignature()
    {
        await using var aws = await FakeAwsServer.StartAsync(cancellationToken: Ct);
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, aws.Url)
        {
            Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/x-amz-json-1.1"),
        };
        request.Headers.TryAddWithoutValidation("X-Amz-Target", "AmazonEC2ContainerServiceV20141113.ListTasks");
        request.Headers.TryAddWithoutValidation("Authorization", "AWS4-HMAC-SHA256 Credential=only-half");

        using var response = await http.SendAsync(request, Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("\"__type\":\"IncompleteSignatureException\"", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnreachableEndpointIsRetriedThenNamedInTheError()
    {
        var aws = await FakeAwsServer.StartAsync(cancellationToken: Ct);
        await aws.DisposeAsync(); // the port is now closed
        var retries = new List<AwsRetryEvent>();
        using var factory = FakeAwsClients.Create(aws, maxAttempts: 3, onRetry: retries.Add);

        var error = await Assert.ThrowsAsync<AmazonClientException>(() => factory.CreateEcs().ListTasksAsync(new ListTasksRequest { Cluster = "c" }, Ct));

        Assert.StartsWith($"ECS ListTasks: could not reach {aws.Url}/ after 3 attempt(s):", error.Message, StringComparison.Ordinal);
        Assert.Equal(["RequestFailed", "RequestFailed"], retries.Select(r => r.Reason));
    }
}
