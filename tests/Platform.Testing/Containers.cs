using System.Net;
using System.Net.Sockets;
using Docker.DotNet.Models;
using DotNet.Testcontainers.Builders;
using DotNet.Testcontainers.Containers;
using DotNet.Testcontainers.Networks;
using Testcontainers.PostgreSql;

namespace Platform.Testing;

/// <summary>Builders for the two dependency containers, shared by the assembly fixture and the dedicated ones.</summary>
public static class Containers
{
    public const int SqsPort = 4566;

    /// <summary>Where both the official image and the CI stand-in keep the data (PGDATA); set, so another tag agrees.</summary>
    private const string PostgresData = "/var/lib/postgresql/data";

    /// <summary>
    /// PostgreSQL with its data directory in memory (tmpfs). The suites create a database per isolated host, a few
    /// hundred in all, and on a container's own disk (overlayfs: the CI stand-in image declares no volume) each
    /// CREATE DATABASE cost ~0.3 CPU-seconds of file copying against ~0.04 in memory (40 databases: 12 against 1.7
    /// CPU-seconds, 2026-12-02, docs/design/test-speed.md). Nothing here needs to outlive the container.
    /// </summary>
    public static PostgreSqlBuilder Postgres() =>
        new PostgreSqlBuilder(TestImages.Postgres).WithEnvironment("PGDATA", PostgresData).WithTmpfsMount(PostgresData);

    /// <summary>
    /// PostgreSQL a test stops and starts again. A tmpfs is emptied when its container stops, so the data stays on the
    /// container's disk; the host port is fixed because Docker keeps a fixed binding across stop/start, where a random
    /// one would change under the service being tested.
    /// </summary>
    public static PostgreSqlBuilder RestartablePostgres(int hostPort) =>
        new PostgreSqlBuilder(TestImages.Postgres).WithPortBinding(hostPort, PostgreSqlBuilder.PostgreSqlPort);

    public static ContainerBuilder Sqs()
    {
        var image = TestImages.Sqs;
        // The tests wait on the emulator's HTTP health themselves; the image's own HEALTHCHECK (the CI stand-in runs node
        // every 3 s) cost 1.4 CPU-seconds per 30 s of each container's life on the 2-core CI machine (2026-12-02).
        var builder = new ContainerBuilder(image).WithPortBinding(SqsPort, assignRandomHostPort: true)
            .WithCreateParameterModifier(parameters => parameters.Healthcheck = new HealthcheckConfig { Test = ["NONE"] });
        if (TestImages.IsLocalStack(image))
        {
            builder = builder.WithEnvironment("SERVICES", "sqs")
                .WithWaitStrategy(Wait.ForUnixContainer().UntilHttpRequestIsSucceeded(r => r.ForPath("/_localstack/health").ForPort(SqsPort)));
            // Tags from 4.15 need a token; pass one through when the developer has it.
            if (Environment.GetEnvironmentVariable("LOCALSTACK_AUTH_TOKEN") is { Length: > 0 } token)
            {
                builder = builder.WithEnvironment("LOCALSTACK_AUTH_TOKEN", token);
            }

            return builder;
        }

        return builder.WithWaitStrategy(Wait.ForUnixContainer().UntilHttpRequestIsSucceeded(r => r.ForPath("/health").ForPort(SqsPort)));
    }

    /// <summary>A TCP port on 127.0.0.1 that nothing listens on right now (the OS picked it and we released it).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Builds and starts a container; "no Docker" becomes one message that says what is missing and how to get it.</summary>
    public static async Task<T> StartAsync<T>(Func<T> build, CancellationToken cancellationToken)
        where T : IContainer
    {
        try
        {
            var container = build();
            await container.StartAsync(cancellationToken);
            return container;
        }
        catch (Exception exception) when (IsDockerUnavailable(exception))
        {
            throw new InvalidOperationException($"{DockerMissingMessage} ({exception.GetType().Name}; details in the inner exception)", exception);
        }
    }

    /// <summary>A Docker network of its own (containers reach each other by alias), with the same "no Docker" message.</summary>
    public static async Task<INetwork> StartNetworkAsync(CancellationToken cancellationToken)
    {
        try
        {
            var network = new NetworkBuilder().Build();
            await network.CreateAsync(cancellationToken);
            return network;
        }
        catch (Exception exception) when (IsDockerUnavailable(exception))
        {
            throw new InvalidOperationException($"{DockerMissingMessage} ({exception.GetType().Name}; details in the inner exception)", exception);
        }
    }

    public const string DockerMissingMessage =
        "These integration tests need Docker: start a Docker engine this user can reach (the default socket or DOCKER_HOST). "
        + "Where images cannot be pulled, point PLATFORM_POSTGRES_IMAGE, PLATFORM_SQS_IMAGE and PLATFORM_REGISTRY_IMAGE at local images; "
        + "with an engine older than Testcontainers expects, set DOCKER_API_VERSION (docs/local.md, \"Tests and Docker\"). "
        + "To run only the tests that need no Docker: ./build.sh Test --test-filter Category!=Integration";

    private static bool IsDockerUnavailable(Exception exception) =>
        exception is DockerUnavailableException
        || exception is HttpRequestException or SocketException
        || (exception.InnerException is { } inner && IsDockerUnavailable(inner));
}
