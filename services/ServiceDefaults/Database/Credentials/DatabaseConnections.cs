using Microsoft.Extensions.Options;
using Npgsql;
using Platform.ServiceDefaults.Configuration;

namespace Platform.ServiceDefaults.Database.Credentials;

/// <summary>
/// Makes every data source of the service (requests, migrations, the health probe, the outbox listener) with the same
/// password source behind Npgsql's periodic password provider: no connection string carries a password, and a new one
/// (a fresh IAM token, a rewritten file) reaches the next physical connection without a restart.
/// </summary>
public sealed class DatabaseConnections(IOptions<DatabaseOptions> options, IDatabasePasswordSource passwords)
{
    /// <summary>After a failed fetch (the credentials endpoint or the file briefly unavailable), ask again this soon.</summary>
    public static readonly TimeSpan FailureRetry = TimeSpan.FromSeconds(1);

    /// <summary>The data source request traffic uses (bounded pool, the deadline's timeouts).</summary>
    public NpgsqlDataSource CreateForRequests(string applicationName) => Build(options.Value.ToRequestConnectionString(applicationName));

    /// <summary>A data source for migrations, probes and listeners.</summary>
    public NpgsqlDataSource Create(string applicationName, bool pooling = true, int timeoutSeconds = 15) =>
        Build(options.Value.ToConnectionString(applicationName, pooling, timeoutSeconds));

    /// <summary>The source the options name: DB_IAM_AUTH=true, DB_PASSWORD_FILE or DB_PASSWORD (call on validated options).</summary>
    public static IDatabasePasswordSource SourceFor(DatabaseOptions options, string? region, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.UsesIamAuth)
        {
            // AWS_REGION is validated with the SQS options: every task definition sets it.
            return new RdsIamTokenSource(options.Host!, options.PortNumber, options.User!, region ?? "", clock);
        }

        return string.IsNullOrWhiteSpace(options.PasswordFile)
            ? new StaticPasswordSource(options.Password!)
            : new FilePasswordSource(options.PasswordFile, FilePasswordSource.DefaultRefreshInterval);
    }

    private NpgsqlDataSource Build(string connectionString)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        builder.UsePeriodicPasswordProvider((_, ct) => passwords.GetPasswordAsync(ct), passwords.RefreshInterval, FailureRetry);
        return builder.Build();
    }
}
