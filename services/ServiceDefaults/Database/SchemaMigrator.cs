using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Platform.ServiceDefaults.Database;

/// <summary>
/// Applies a service's embedded <c>Migrations/NNNN_name.sql</c> scripts in name order, each once, recorded in
/// <c>&lt;schema&gt;.schema_migrations</c>. Everything runs in one transaction under a transaction-scoped advisory
/// lock, so tasks starting together serialize: the first applies, the others wait and then find nothing to do.
/// </summary>
public sealed partial class SchemaMigrator(NpgsqlDataSource dataSource, PlatformService service, ILogger<SchemaMigrator> logger)
{
    /// <summary>The keyed data source migrations use (unpooled, start-up timeouts).</summary>
    public const string DataSourceKey = "migrations";

    private const string ResourceFolder = ".Migrations.";

    /// <summary>The advisory lock key: stable per schema, so services never wait for each other.</summary>
    public long LockKey { get; } = LockKeyFor(service.Schema);

    public static long LockKeyFor(string schema) =>
        BitConverter.ToInt64(SHA256.HashData(Encoding.UTF8.GetBytes("platform-migrations:" + schema)), 0);

    /// <summary>The scripts in the order they apply: (version, sql), the version being the file name without .sql.</summary>
    public IReadOnlyList<(string Version, string Sql)> Scripts() =>
        [.. service.MigrationsAssembly.GetManifestResourceNames()
            .Where(name => name.Contains(ResourceFolder, StringComparison.Ordinal) && name.EndsWith(".sql", StringComparison.Ordinal))
            .Select(name => (Version: VersionOf(name), Resource: name))
            .OrderBy(script => script.Version, StringComparer.Ordinal)
            .Select(script => (script.Version, Read(service.MigrationsAssembly, script.Resource)))];

    /// <summary>Applies the missing scripts; returns the versions applied by this call.</summary>
    public async Task<IReadOnlyList<string>> MigrateAsync(CancellationToken cancellationToken)
    {
        var scripts = Scripts();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        await Execute(connection, transaction, "SELECT pg_advisory_xact_lock(@key)", cancellationToken, ("key", LockKey));
        // The role step creates the schema for the service's role, which may not create schemas: CREATE SCHEMA IF NOT
        // EXISTS checks that right even when the schema is there, so it runs only where the schema is missing.
        await Execute(connection, transaction, $"""
            DO $$ BEGIN
                IF to_regnamespace('{service.Schema}') IS NULL THEN CREATE SCHEMA {service.Schema}; END IF;
            END $$;
            CREATE TABLE IF NOT EXISTS {service.Schema}.schema_migrations (
                version    text        PRIMARY KEY,
                applied_at timestamptz NOT NULL DEFAULT now()
            );
            """, cancellationToken);

        var applied = new HashSet<string>(StringComparer.Ordinal);
        await using (var select = new NpgsqlCommand($"SELECT version FROM {service.Schema}.schema_migrations", connection, transaction))
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                applied.Add(reader.GetString(0));
            }
        }

        var newlyApplied = new List<string>();
        foreach (var (version, sql) in scripts.Where(script => !applied.Contains(script.Version)))
        {
            await Execute(connection, transaction, sql, cancellationToken);
            await Execute(connection, transaction, $"INSERT INTO {service.Schema}.schema_migrations (version) VALUES (@version)", cancellationToken, ("version", version));
            newlyApplied.Add(version);
        }

        await transaction.CommitAsync(cancellationToken);
        LogMigrated(logger, service.Schema, newlyApplied.Count, scripts.Count);
        return newlyApplied;
    }

    private static string VersionOf(string resourceName)
    {
        var fileName = resourceName[(resourceName.LastIndexOf(ResourceFolder, StringComparison.Ordinal) + ResourceFolder.Length)..];
        return fileName[..^".sql".Length];
    }

    private static string Read(Assembly assembly, string resourceName)
    {
        using var stream = assembly.GetManifestResourceStream(resourceName)
            ?? throw new InvalidOperationException($"Embedded migration {resourceName} cannot be read");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    private static async Task Execute(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "Schema {Schema}: {Applied} migration(s) applied, {Total} known")]
    private static partial void LogMigrated(ILogger logger, string schema, int applied, int total);
}
