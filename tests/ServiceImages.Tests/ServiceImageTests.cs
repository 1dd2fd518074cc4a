using System.Net;
using AwesomeAssertions;
using DotNet.Testcontainers.Builders;
using Platform.Testing;
using Platform.Testing.Tokens;

namespace Platform.ServiceImages.Tests;

[Trait("Category", "Integration")]
[Trait("Category", "Image")]
public sealed class ServiceImageTests(ImagesFixture images) : IClassFixture<ImagesFixture>
{
    public static TheoryData<string> Services => [.. ServiceImage.All.Select(image => image.Name)];

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(Services))]
    public async Task ImageServesHealthyWithPostgresAndSqs(string name)
    {
        // Given the built image, configured the way the task definition does it (DB and SQS by network alias)
        var image = ServiceImage.All.Single(i => i.Name == name);
        var queueUrl = await CreateQueueAsync(image.Name);
        await using var service = new ContainerBuilder(image.Tag)
            .WithNetwork(images.Network)
            .WithEnvironment(new Dictionary<string, string>
            {
                ["DB_HOST"] = ImagesFixture.PostgresAlias,
                ["DB_PORT"] = "5432",
                ["DB_NAME"] = "postgres",
                ["DB_USER"] = "postgres",
                ["DB_PASSWORD"] = "postgres",
                ["SQS_QUEUE_URL"] = queueUrl,
                ["AWS_REGION"] = PlatformContainers.Region,
                ["AWS_ENDPOINT_URL"] = $"http://{ImagesFixture.SqsAlias}:{Containers.SqsPort}",
                ["AWS_ACCESS_KEY_ID"] = "test",
                ["AWS_SECRET_ACCESS_KEY"] = "test",
                // The token settings every task definition carries; nothing fetches the JWKS until a token arrives.
                ["JWT_PRIVATE_KEY"] = TestJwt.PrivateKeyPem,
                ["JWT_KEY_ID"] = TestJwt.KeyId,
                ["JWT_ISSUER"] = TestJwt.Issuer,
                ["JWT_AUDIENCE"] = TestJwt.Audience,
                ["AUTH_JWKS_URL"] = "http://auth-service:8080/auth/.well-known/jwks.json",
                ["HEALTH_CACHE_SECONDS"] = "0", // each retry below probes afresh
                // notification-service finishes its in-flight long poll before it exits; 1 s instead of 20 keeps the stop
                // below short without changing what it shows (the others ignore the setting).
                ["Consumer__WaitTimeSeconds"] = "1",
            })
            .WithPortBinding(8080, assignRandomHostPort: true)
            .WithWaitStrategy(Wait.ForUnixContainer().UntilHttpRequestIsSucceeded(r => r.ForPath(image.RoutePrefix + "/health/live").ForPort(8080)))
            .Build();
        await service.StartAsync(Cancellation);
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{service.GetMappedPublicPort(8080)}") };

        // When
        // The first deep probe of a cold container (SDK start-up, JIT) can pass its 2 s budget on a busy machine; ECS and
        // the smoke test retry too. A dependency that is really missing stays false for the whole window.
        var health = await HealthResponse.GetAsync(client, image.RoutePrefix + "/health", Cancellation);
        for (var attempt = 0; attempt < 10 && health.StatusCode != HttpStatusCode.OK; attempt++)
        {
            await Task.Delay(TimeSpan.FromSeconds(1), Cancellation);
            health = await HealthResponse.GetAsync(client, image.RoutePrefix + "/health", Cancellation);
        }

        var user = await service.ExecAsync(["id", "-u"], Cancellation);
        // docker stop sends SIGTERM and, like ECS, waits the task definition's StopTimeout (30 s) before a SIGKILL (exit 137):
        // the host drains and exits 0; notification-service first finishes its in-flight long poll.
        var stopped = await Docker.RunAsync(["stop", "--time", "30", service.Id], TimeSpan.FromSeconds(60), Cancellation);
        stopped.ExitCode.Should().Be(0, stopped.StandardError);
        var exitCode = await service.GetExitCodeAsync(Cancellation);

        // Then
        health.StatusCode.Should().Be(HttpStatusCode.OK, health.Body);
        // notification-service adds its consumer's check and details (issue 4): the two dependency checks must be true.
        health.Json!["status"]!.GetValue<string>().Should().Be("ok", health.Body);
        health.Check("db_tcp").Should().BeTrue(health.Body);
        health.Check("sqs_access").Should().BeTrue(health.Body);
        user.Stdout.Trim().Should().NotBe("0", "the service must not run as root");
        exitCode.Should().Be(0, "SIGTERM must end the service gracefully");
    }

    [Theory]
    [MemberData(nameof(Services))]
    public async Task ImageWithoutDatabaseHostExitsWithOneLine(string name)
    {
        var image = ServiceImage.All.Single(i => i.Name == name);

        var result = await Docker.RunAsync(
            [
                "run", "--rm", "-e", "DB_NAME=p", "-e", "DB_USER=u", "-e", "DB_PASSWORD=secret-value", "-e", "SQS_QUEUE_URL=http://sqs:4566/000000000000/q",
                "-e", "AWS_REGION=us-east-1", "-e", $"JWT_PRIVATE_KEY={TestJwt.PrivateKeyPem}", "-e", $"JWT_KEY_ID={TestJwt.KeyId}",
                "-e", $"JWT_ISSUER={TestJwt.Issuer}", "-e", $"JWT_AUDIENCE={TestJwt.Audience}", "-e", "AUTH_JWKS_URL=http://auth-service:8080/auth/.well-known/jwks.json",
                image.Tag,
            ],
            TimeSpan.FromMinutes(1),
            Cancellation);

        result.ExitCode.Should().Be(1, result.StandardError);
        result.StandardError.Trim().Should().Be("configuration error: DB_HOST is required");
        result.StandardOutput.Should().NotContain("secret-value");
    }

    private async Task<string> CreateQueueAsync(string prefix)
    {
        using var sqs = new Amazon.SQS.AmazonSQSClient(
            new Amazon.Runtime.BasicAWSCredentials("test", "test"),
            new Amazon.SQS.AmazonSQSConfig { ServiceURL = images.SqsEndpoint, AuthenticationRegion = PlatformContainers.Region });
        return (await sqs.CreateQueueAsync($"{prefix}-{Guid.NewGuid():N}", Cancellation)).QueueUrl;
    }
}
