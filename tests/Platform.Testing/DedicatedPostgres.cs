using Testcontainers.PostgreSql;

namespace Platform.Testing;

/// <summary>
/// A PostgreSQL of its own for the tests that stop or freeze it, so the shared one stays up for every other test.
/// Its host port is fixed (picked free at start) and its data on the container's disk, so both survive a stop and start
/// (<see cref="Containers.RestartablePostgres"/>).
/// </summary>
public sealed class DedicatedPostgres : IAsyncLifetime
{
    private PostgreSqlContainer? _container;

    public PostgreSqlContainer Container => _container ?? throw new InvalidOperationException("DedicatedPostgres not started");

    public async ValueTask InitializeAsync() =>
        _container = await Containers.StartAsync(() => Containers.RestartablePostgres(Containers.FreePort()).Build(), CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        if (_container is not null)
        {
            await _container.DisposeAsync();
        }
    }
}
