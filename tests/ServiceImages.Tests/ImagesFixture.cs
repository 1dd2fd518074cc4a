using System.Diagnostics;
using DotNet.Testcontainers.Builders;
using DotNet.Testcontainers.Containers;
using DotNet.Testcontainers.Networks;
using Platform.Testing;
using Testcontainers.PostgreSql;

namespace Platform.ServiceImages.Tests;

/// <summary>
/// Builds the four images one after the other (2 cores: parallel builds only fight over them), then starts
/// PostgreSQL and the SQS emulator on a network of their own where the services reach them as "postgres" and "sqs".
/// </summary>
public sealed class ImagesFixture : IAsyncLifetime
{
    public const string PostgresAlias = "postgres";
    public const string SqsAlias = "sqs";

    private readonly Dictionary<string, TimeSpan> _buildTimes = [];
    private INetwork? _network;
    private PostgreSqlContainer? _postgres;
    private IContainer? _sqs;

    public INetwork Network => _network ?? throw new InvalidOperationException("not started");

    public PostgreSqlContainer Postgres => _postgres ?? throw new InvalidOperationException("not started");

    public string SqsEndpoint => $"http://127.0.0.1:{(_sqs ?? throw new InvalidOperationException("not started")).GetMappedPublicPort(Containers.SqsPort)}";

    public IReadOnlyDictionary<string, TimeSpan> BuildTimes => _buildTimes;

    public async ValueTask InitializeAsync()
    {
        var root = Docker.RepositoryRoot();
        _network = await Containers.StartNetworkAsync(CancellationToken.None);
        _postgres = await Containers.StartAsync(() => Containers.Postgres().WithNetwork(_network).WithNetworkAliases(PostgresAlias).Build(), CancellationToken.None);
        _sqs = await Containers.StartAsync(() => Containers.Sqs().WithNetwork(_network).WithNetworkAliases(SqsAlias).Build(), CancellationToken.None);
        using var buildLock = await ImageBuildLock.AcquireAsync(CancellationToken.None);
        foreach (var image in ServiceImage.All)
        {
            var started = Stopwatch.GetTimestamp();
            await Docker.BuildAsync(image, root, CancellationToken.None);
            _buildTimes[image.Name] = Stopwatch.GetElapsedTime(started);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var container in new IAsyncDisposable?[] { _postgres, _sqs, _network })
        {
            if (container is not null)
            {
                await container.DisposeAsync();
            }
        }
    }
}
