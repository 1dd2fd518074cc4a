using System.Net;
using AwesomeAssertions;
using Platform.ServiceDefaults;

namespace Platform.Testing;

/// <summary>
/// db_tcp follows PostgreSQL going away and coming back, with the same running service; and a frozen PostgreSQL
/// (docker pause: connections are accepted by the kernel, then nothing answers) cannot hold /health hostage.
/// The two tests share one dedicated container and run one after the other (xunit runs a class's tests serially).
/// </summary>
public abstract class DatabaseOutageTests<TProgram>(PlatformContainers containers, DedicatedPostgres postgres, PlatformService service)
    : IClassFixture<DedicatedPostgres>
    where TProgram : class
{
    private static readonly TimeSpan HealthBound = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan RecoveryBudget = TimeSpan.FromSeconds(60);

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    [Trait("Category", "Integration")]
    public async Task DbTcpIsFalseWhilePostgresIsStoppedAndTrueAfterItReturns()
    {
        // Given a healthy service on the dedicated PostgreSQL
        var queueUrl = await containers.CreateQueueAsync(service.Name, Cancellation);
        await using var factory = new ServiceFactory<TProgram>(ServiceSettings.For(postgres.Container.GetConnectionString(), containers.SqsEndpoint, queueUrl));
        using var client = factory.CreateClient();
        var before = await HealthResponse.GetAsync(client, service.RoutePrefix + "/health", Cancellation);

        // When PostgreSQL stops
        await postgres.Container.StopAsync(Cancellation);
        HealthResponse down, live, after;
        try
        {
            down = await HealthResponse.GetAsync(client, service.RoutePrefix + "/health", Cancellation);
            live = await HealthResponse.GetAsync(client, service.RoutePrefix + "/health/live", Cancellation);
        }
        finally
        {
            // And comes back (same host port: see DedicatedPostgres)
            await postgres.Container.StartAsync(Cancellation);
        }

        after = await HealthResponse.WaitForAsync(client, service.RoutePrefix + "/health", r => r.StatusCode == HttpStatusCode.OK, RecoveryBudget, Cancellation);

        // Then
        ShouldHaveHealthBody(before, """{"status":"ok","checks":{"db_tcp":true,"sqs_access":true}}""");
        down.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable, down.Body);
        ShouldHaveHealthBody(down, """{"status":"degraded","checks":{"db_tcp":false,"sqs_access":true}}""");
        down.Elapsed.Should().BeLessThan(HealthBound);
        live.StatusCode.Should().Be(HttpStatusCode.OK, "liveness must not depend on the database");
        after.StatusCode.Should().Be(HttpStatusCode.OK, after.Body);
        ShouldHaveHealthBody(after, """{"status":"ok","checks":{"db_tcp":true,"sqs_access":true}}""");
    }

    [Fact]
    [Trait("Category", "Integration")]
    public async Task HealthAnswersWithinBoundWhenPostgresHangs()
    {
        var queueUrl = await containers.CreateQueueAsync(service.Name, Cancellation);
        await using var factory = new ServiceFactory<TProgram>(ServiceSettings.For(postgres.Container.GetConnectionString(), containers.SqsEndpoint, queueUrl));
        using var client = factory.CreateClient();
        (await HealthResponse.GetAsync(client, service.RoutePrefix + "/health", Cancellation)).StatusCode.Should().Be(HttpStatusCode.OK);

        await ContainerFreeze.PauseAsync(postgres.Container, Cancellation);
        HealthResponse frozen;
        try
        {
            frozen = await HealthResponse.GetAsync(client, service.RoutePrefix + "/health", Cancellation);
        }
        finally
        {
            await postgres.Container.UnpauseAsync(Cancellation);
        }

        frozen.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable, frozen.Body);
        ShouldHaveHealthBody(frozen, """{"status":"degraded","checks":{"db_tcp":false,"sqs_access":true}}""");
        frozen.Elapsed.Should().BeLessThan(HealthBound);
        var recovered = await HealthResponse.WaitForAsync(client, service.RoutePrefix + "/health", r => r.StatusCode == HttpStatusCode.OK, RecoveryBudget, Cancellation);
        recovered.StatusCode.Should().Be(HttpStatusCode.OK, recovered.Body);
    }

    /// <summary>
    /// The exact deep-health body. A service with extra deep checks (notification-service's consumer) overrides this to
    /// check its own entries and compare the rest.
    /// </summary>
    protected virtual void ShouldHaveHealthBody(HealthResponse health, string expected)
    {
        ArgumentNullException.ThrowIfNull(health);
        health.Body.Should().Be(expected);
    }
}
