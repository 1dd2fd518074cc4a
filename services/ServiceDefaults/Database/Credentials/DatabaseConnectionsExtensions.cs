using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Platform.ServiceDefaults.Configuration;

namespace Platform.ServiceDefaults.Database.Credentials;

internal static class DatabaseConnectionsExtensions
{
    /// <summary>The password source the configuration names (a test may register its own first) and the data source factory.</summary>
    public static IServiceCollection AddDatabaseConnections(this IServiceCollection services)
    {
        services.TryAddSingleton<IDatabasePasswordSource>(provider => DatabaseConnections.SourceFor(
            provider.GetRequiredService<IOptions<DatabaseOptions>>().Value,
            provider.GetRequiredService<IOptions<SqsOptions>>().Value.Region,
            TimeProvider.System));
        services.AddSingleton<DatabaseConnections>();
        return services;
    }
}
