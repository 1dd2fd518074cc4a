using System.Net;
using AwesomeAssertions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Configuration;
using Platform.ServiceDefaults.Database;

namespace Platform.Testing;

/// <summary>
/// What every service must do on the shared containers: deep and shallow health, problem documents, request logs,
/// migrations and configuration validation. Each service's test project derives one class from this.
/// </summary>
public abstract class ServiceSkeletonTests<TProgram>(PlatformContainers containers, PlatformService service)
    where TProgram : class
{
    // The probes time out after 2 s and run concurrently; the rest is slack for a loaded 2-core CI machine.
    private static readonly TimeSpan HealthBound = TimeSpan.FromSeconds(5);

    protected PlatformContainers Containers => containers;

    protected PlatformService Service => service;

    private string HealthPath => service.RoutePrefix + "/health";

    private string LivePath => service.RoutePrefix + "/health/live";

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    [Trait("Category", "Integration")]
    public async Task HealthIsOkWhenDatabaseAndQueueAreUp()
    {
        // Given
        var queueUrl = await containers.CreateQueueAsync(service.Name, Cancellation);
        await using var factory = new ServiceFactory<TProgram>(ServiceSettings.For(containers, queueUrl));
        using var client = factory.CreateClient();

        // When
        var health = await HealthResponse.GetAsync(client, HealthPath, Cancellation);

        // Then
        health.StatusCode.Should().Be(HttpStatusCode.OK, health.Body);
        ShouldHaveHealthBody(health, """{"status":"ok","checks":{"db_tcp":true,"sqs_access":true}}""");
    }

    [Fact]
    [Trait("Category", "Integration")]
    public async Task SqsAccessIsFalseWhenQueueIsMissing()
    {
        var queueUrl = await containers.CreateQueueAsync(service.Name, Cancellation);
        var settings = ServiceSettings.For(containers, PlatformContainers.MissingQueueUrl(queueUrl));
        await using var factory = new ServiceFactory<TProgram>(settings);
        using var client = factory.CreateClient();

        var health = await HealthResponse.GetAsync(client, HealthPath, Cancellation);

        health.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable, health.Body);
        ShouldHaveHealthBody(health, """{"status":"degraded","checks":{"db_tcp":true,"sqs_access":false}}""");
    }

    [Fact]
    [Trait("Category", "Integration")]
    public async Task SqsAccessIsFalseAndLivenessOkWhenSqsEndpointIsDown()
    {
        var queueUrl = await containers.CreateQueueAsync(service.Name, Cancellation);
        var settings = ServiceSettings.For(containers, queueUrl);
        using var refused = new RefusedPort();
        settings[EnvironmentVariables.AwsEndpointUrlSqs] = $"http://127.0.0.1:{refused.Port}";
        await using var factory = new ServiceFactory<TProgram>(settings);
        using var client = factory.CreateClient();

        var health = await HealthResponse.GetAsync(client, HealthPath, Cancellation);
        var live = await HealthResponse.GetAsync(client, LivePath, Cancellation);

        health.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable, health.Body);
        ShouldHaveHealthBody(health, """{"status":"degraded","checks":{"db_tcp":true,"sqs_access":false}}""");
        health.Elapsed.Should().BeLessThan(HealthBound);
        live.StatusCode.Should().Be(HttpStatusCode.OK, live.Body);
        ShouldHaveHealthBody(live, """{"status":"ok"}""");
    }

    [Fact]
    [Trait("Category", "Integration")]
    public async Task HealthAnswersWithinBoundWhenSqsEndpointHangs()
    {
        using var blackHole = new BlackHoleListener();
        var queueUrl = await containers.CreateQueueAsync(service.Name, Cancellation);
        var settings = ServiceSettings.For(containers, queueUrl);
        settings[EnvironmentVariables.AwsEndpointUrlSqs] = blackHole.Url;
        await using var factory = new ServiceFactory<TProgram>(settings);
        using var client = factory.CreateClient();

        var health = await HealthResponse.GetAsync(client, HealthPath, Cancellation);

        health.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable, health.Body);
        health.Check("sqs_access").Should().BeFalse();
        health.Check("db_tcp").Should().BeTrue();
        health.Elapsed.Should().BeLessThan(HealthBound);
    }

    [Fact]
    [Trait("Category", "Integration")]
    public async Task HealthResultIsReusedForTheCachePeriod()
    {
        // Given a service that caches for a minute, and a first answer while the queue exists
        var queueUrl = await containers.CreateQueueAsync(service.Name, Cancellation);
        var settings = ServiceSettings.For(containers, queueUrl);
        settings[EnvironmentVariables.HealthCacheSeconds] = "60";
        await using var factory = new ServiceFactory<TProgram>(settings);
        using var client = factory.CreateClient();
        var first = await HealthResponse.GetAsync(client, HealthPath, Cancellation);

        // When the queue disappears
        await containers.DeleteQueueAsync(queueUrl, Cancellation);
        var second = await HealthResponse.GetAsync(client, HealthPath, Cancellation);

        // Then the cached result still answers (an uncached service reports the loss: SqsAccessIsFalseWhenQueueIsMissing)
        first.StatusCode.Should().Be(HttpStatusCode.OK, first.Body);
        second.Body.Should().Be(first.Body);
    }

    [Fact]
    [Trait("Category", "Integration")]
    public async Task UnknownRouteGetsProblemDocument()
    {
        var queueUrl = await containers.CreateQueueAsync(service.Name, Cancellation);
        await using var factory = new ServiceFactory<TProgram>(ServiceSettings.For(containers, queueUrl));
        using var client = factory.CreateClient();

        using var response = await client.GetAsync(new Uri(service.RoutePrefix + "/no-such-route", UriKind.Relative), Cancellation);

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType?.MediaType.Should().Be("application/problem+json");
        (await response.Content.ReadAsStringAsync(Cancellation)).Should().Contain("\"status\":404");
    }

    [Fact]
    [Trait("Category", "Integration")]
    public async Task RequestLogLineHasMethodRouteStatusAndDurationButNoHeadersAndLivenessProbesWriteNone()
    {
        var queueUrl = await containers.CreateQueueAsync(service.Name, Cancellation);
        await using var factory = new ServiceFactory<TProgram>(ServiceSettings.For(containers, queueUrl));
        using var client = factory.CreateClient();
        using var live = await client.GetAsync(new Uri(LivePath, UriKind.Relative), Cancellation);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(HealthPath + "?token=query-secret", UriKind.Relative));
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "header-secret");

        using var deep = await client.SendAsync(request, Cancellation);

        live.StatusCode.Should().Be(HttpStatusCode.OK);
        var requestLines = factory.Logs.Entries.Where(e => e.Category.EndsWith("RequestLogMiddleware", StringComparison.Ordinal)).ToList();
        // The deep probe's line is the control: requests are logged, the liveness probe alone is not.
        var line = requestLines.Should().ContainSingle("one line for the deep probe, none for the liveness probe").Subject;
        line.Level.Should().Be(LogLevel.Information);
        line.Values["Method"].Should().Be("GET");
        line.Values["Route"].Should().Be(HealthPath);
        line.Values["StatusCode"].Should().Be((int)deep.StatusCode);
        line.Values["DurationMs"].Should().BeOfType<double>();
        factory.Logs.Entries.Should().NotContain(e => e.Message.Contains("secret", StringComparison.Ordinal));
    }

    [Fact]
    [Trait("Category", "Integration")]
    public async Task MigrationsApplyOnceWhenTasksStartTogether()
    {
        // Given a fresh database and four "tasks" starting at the same moment
        var database = await containers.CreateDatabaseAsync(Cancellation);
        var connectionString = new NpgsqlConnectionStringBuilder(containers.Postgres.GetConnectionString()) { Database = database }.ConnectionString;
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        using var loggers = new ServiceCollection().AddLogging().BuildServiceProvider();
        var migrators = Enumerable.Range(0, 4)
            .Select(_ => new SchemaMigrator(dataSource, service, loggers.GetRequiredService<ILogger<SchemaMigrator>>()))
            .ToList();
        var scripts = migrators[0].Scripts().Select(s => s.Version).ToList();

        // When
        var results = await Task.WhenAll(migrators.Select(m => m.MigrateAsync(Cancellation)));
        var again = await migrators[0].MigrateAsync(Cancellation);

        // Then every script ran exactly once, in one of the tasks, and a later start has nothing to do
        scripts.Should().NotBeEmpty();
        results.SelectMany(r => r).Should().BeEquivalentTo(scripts, o => o.WithStrictOrdering());
        results.Count(r => r.Count > 0).Should().Be(1);
        again.Should().BeEmpty();
        await using var command = dataSource.CreateCommand($"SELECT version FROM {service.Schema}.schema_migrations ORDER BY version");
        var recorded = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync(Cancellation))
        {
            while (await reader.ReadAsync(Cancellation))
            {
                recorded.Add(reader.GetString(0));
            }
        }

        recorded.Should().Equal(scripts);
    }

    [Theory]
    [InlineData(EnvironmentVariables.DbHost, null, "DB_HOST is required")]
    [InlineData(EnvironmentVariables.DbPort, "54x2", "DB_PORT must be a port number")]
    [InlineData(EnvironmentVariables.DbPassword, null, "DB_PASSWORD_FILE, DB_IAM_AUTH=true or DB_PASSWORD is required")]
    [InlineData(EnvironmentVariables.DbPasswordFile, "/run/secrets/db", "set only one of DB_PASSWORD_FILE, DB_IAM_AUTH=true or DB_PASSWORD")]
    [InlineData(EnvironmentVariables.DbIamAuth, "yes", "DB_IAM_AUTH must be true or false")]
    [InlineData(EnvironmentVariables.SqsQueueUrl, "not a url", "SQS_QUEUE_URL must be an absolute http(s) URL")]
    [InlineData(EnvironmentVariables.AwsRegion, null, "AWS_REGION is required")]
    [InlineData(EnvironmentVariables.AwsEndpointUrlSqs, "localhost:4566", "AWS_ENDPOINT_URL_SQS must be an absolute http(s) URL")]
    [InlineData("OTEL_EXPORTER_OTLP_ENDPOINT", "localhost:4318", "OTEL_EXPORTER_OTLP_ENDPOINT must be an absolute http(s) URL")]
    public async Task BadSettingFailsTheStartWithTheOneLineThatNamesIt(string variable, string? value, string expected)
    {
        // Given a complete, valid environment with one variable removed or malformed
        var environment = EnvironmentWithPassword();
        environment[variable] = value;

        // When the service validates its settings in-process, as RunServiceAsync does before the host starts (a process
        // per case cost ~0.3 CPU-seconds each; the test below shows the process prints this line and exits 1)
        await using var factory = new ServiceFactory<TProgram>(environment);
        var failure = Record.Exception(() => factory.Services.GetService<IStartupValidator>()?.Validate());

        // Then the start fails, and the line the process would print names the variable and holds no secret
        failure.Should().NotBeNull("the start must fail on {0}", variable);
        var line = StartupErrors.Describe(failure!);
        line.Should().NotBeNull(failure!.ToString());
        line.Should().Be($"configuration error: {expected}" + Tail(line!, expected)).And.NotContain("pw-not-to-print");
    }

    [Fact]
    [Trait("Category", "Integration")]
    public async Task BadSettingStopsTheServiceProcessWithOneLineOnStandardError()
    {
        // Given a complete, valid environment without DB_HOST
        var environment = EnvironmentWithPassword();
        environment[EnvironmentVariables.DbHost] = null;

        // When the service process starts
        var result = await ServiceProcess.RunAsync(typeof(TProgram).Assembly.Location, environment, TimeSpan.FromSeconds(30), Cancellation);

        // Then it exits 1 with exactly one line on stderr that names the variable, and no secret or stack trace
        result.ExitCode.Should().Be(1, result.StandardError);
        var lines = result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Should().ContainSingle().Which.Should().Be("configuration error: DB_HOST is required");
        (result.StandardError + result.StandardOutput).Should().NotContain("pw-not-to-print").And.NotContain("   at ");
    }

    private static Dictionary<string, string?> EnvironmentWithPassword() =>
        ServiceSettings.For("Host=127.0.0.1;Port=5432;Database=platform;Username=app;Password=pw-not-to-print", "http://127.0.0.1:4566", "http://127.0.0.1:4566/000000000000/events");

    // Messages for malformed values end with "(got '<value>')": compare the part we state, keep the rest as printed.
    private static string Tail(string line, string expected) =>
        line.IndexOf(expected, StringComparison.Ordinal) is var at and >= 0 ? line[(at + expected.Length)..] : string.Empty;

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
