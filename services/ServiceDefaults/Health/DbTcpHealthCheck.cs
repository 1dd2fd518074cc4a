using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using Platform.ServiceDefaults.Database.Credentials;

namespace Platform.ServiceDefaults.Health;

/// <summary>
/// db_tcp: PostgreSQL accepts a new connection (TCP, startup and authentication) within the probe timeout.
/// Its own unpooled data source: a pooled idle connection would answer "up" without touching the network.
/// </summary>
internal sealed class DbTcpHealthCheck(DatabaseConnections connections, PlatformService service) : IHealthCheck, IDisposable
{
    private readonly Lazy<NpgsqlDataSource> _dataSource = new(() =>
        connections.Create($"{service.Name}-health", pooling: false, timeoutSeconds: (int)HealthDefaults.ProbeTimeout.TotalSeconds));

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        // WaitAsync bounds the probe even if a connect attempt ignored the token (e.g. a paused server mid-handshake).
        await using var connection = await _dataSource.Value.OpenConnectionAsync(cancellationToken).AsTask().WaitAsync(cancellationToken);
        return HealthCheckResult.Healthy();
    }

    public void Dispose()
    {
        if (_dataSource.IsValueCreated)
        {
            _dataSource.Value.Dispose();
        }
    }
}
