using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Platform.ServiceDefaults.Database;

/// <summary>
/// Migrates the schema before Kestrel starts taking requests (hosted services start before the server).
/// A database that is still coming up gets a bounded number of retries; after that the task fails and ECS replaces it.
/// </summary>
internal sealed partial class MigrationHostedService(SchemaMigrator migrator, ILogger<MigrationHostedService> logger) : IHostedService
{
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Pause = TimeSpan.FromSeconds(2);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var deadline = DateTimeOffset.UtcNow + Budget;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await migrator.MigrateAsync(cancellationToken);
                return;
            }
            catch (NpgsqlException exception) when (exception.IsTransient && DateTimeOffset.UtcNow + Pause < deadline)
            {
                LogRetry(logger, attempt, exception.Message);
                await Task.Delay(Pause, cancellationToken);
            }
            catch (NpgsqlException exception)
            {
                throw new StartupException($"database migrations failed: {exception.Message}", exception);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 11, Level = LogLevel.Warning, Message = "Database not reachable for migrations (attempt {Attempt}): {Reason}")]
    private static partial void LogRetry(ILogger logger, int attempt, string reason);
}
