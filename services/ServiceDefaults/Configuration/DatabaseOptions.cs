using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Npgsql;
using Platform.ServiceDefaults.Database;

namespace Platform.ServiceDefaults.Configuration;

/// <summary>The PostgreSQL connection, from the variables the ECS task definition injects.</summary>
public sealed class DatabaseOptions
{
    public const int DefaultPort = 5432;

    public string? Host { get; set; }

    // Kept as text so that a malformed value is reported by its variable name instead of a binder exception.
    public string? Port { get; set; }

    public string? Name { get; set; }

    public string? User { get; set; }

    public string? Password { get; set; }

    /// <summary>DB_PASSWORD_FILE: a file holding the role's password, read again while the service runs (locally, in tests).</summary>
    public string? PasswordFile { get; set; }

    /// <summary>DB_IAM_AUTH=true: connect with an RDS IAM token from the task role (AWS); TLS is then required.</summary>
    public string? IamAuth { get; set; }

    public bool UsesIamAuth => string.Equals(IamAuth, "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>DB_DEADLINE_SECONDS (optional): how long a request may wait for the database, pool wait included.</summary>
    public string? DeadlineSeconds { get; set; }

    /// <summary>DB_POOL_BUDGET (optional): "maxConnections/maxTasksPerService", see <see cref="ConnectionBudget"/>.</summary>
    public string? PoolBudget { get; set; }

    public TimeSpan Deadline => string.IsNullOrWhiteSpace(DeadlineSeconds)
        ? DefaultDeadline
        : TimeSpan.FromSeconds(double.Parse(DeadlineSeconds, System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>
    /// Connect, pool wait and each statement, in the whole seconds Npgsql takes: a third of <see cref="Deadline"/>, at
    /// least 1 s (1 s at the default 3 s). Request statements take milliseconds; and a statement cancelled on a frozen
    /// server still waits up to this long for Npgsql's cancel request, so the work as a whole gets the deadline less
    /// this, and the answer comes within the deadline. A longer deadline lengthens it too: a fixed 1 s would answer 503
    /// after a second of pool wait or lock wait however long the operator allowed.
    /// </summary>
    public int StatementTimeoutSeconds => Math.Max(1, (int)(Deadline.TotalSeconds / 3));

    /// <summary>
    /// PostgreSQL's own statement_timeout on request connections, a second past the client's bound. A cancelled command
    /// breaks its connection at once (Cancellation Timeout -1) and the cancel request travels on its own, so the server
    /// may keep running, or keep waiting on a lock, after the client answered 503; if the cancel is lost on the way, this
    /// still ends the statement and its transaction, and with it the Idempotency-Key it held.
    /// </summary>
    public TimeSpan ServerStatementTimeout => TimeSpan.FromSeconds(StatementTimeoutSeconds + 1);

    /// <summary>How long a request's database work may run before it is cancelled.</summary>
    public TimeSpan WorkBudget => Deadline - TimeSpan.FromSeconds(StatementTimeoutSeconds);

    /// <summary>Connections one task may hold for requests; the outbox listener's connection is counted apart.</summary>
    public int MaxPoolSize => string.IsNullOrWhiteSpace(PoolBudget) ? ConnectionBudget.DefaultPoolSize : ConnectionBudget.Parse(PoolBudget).PoolSize;

    public static readonly TimeSpan DefaultDeadline = TimeSpan.FromSeconds(3);

    public int PortNumber => string.IsNullOrWhiteSpace(Port) ? DefaultPort : int.Parse(Port, System.Globalization.CultureInfo.InvariantCulture);

    internal static void Bind(DatabaseOptions options, IConfiguration configuration)
    {
        options.Host = configuration[EnvironmentVariables.DbHost];
        options.Port = configuration[EnvironmentVariables.DbPort];
        options.Name = configuration[EnvironmentVariables.DbName];
        options.User = configuration[EnvironmentVariables.DbUser];
        options.Password = configuration[EnvironmentVariables.DbPassword];
        options.PasswordFile = configuration[EnvironmentVariables.DbPasswordFile];
        options.IamAuth = configuration[EnvironmentVariables.DbIamAuth];
        options.DeadlineSeconds = configuration[EnvironmentVariables.DbDeadlineSeconds];
        options.PoolBudget = configuration[EnvironmentVariables.DbPoolBudget];
    }

    /// <summary>
    /// Request traffic: a bounded pool, and connect, pool wait and commands all bounded by the deadline. A cancelled
    /// command does not wait for PostgreSQL to confirm (Cancellation Timeout -1): the connection is broken and dropped,
    /// so one that hung in a stall never goes back to the pool.
    /// </summary>
    public string ToRequestConnectionString(string applicationName)
    {
        var builder = Builder(applicationName, StatementTimeoutSeconds);
        builder.MaxPoolSize = MaxPoolSize;
        builder.CommandTimeout = StatementTimeoutSeconds;
        builder.CancellationTimeout = -1;
        builder.Options = $"-c statement_timeout={ServerStatementTimeout.TotalMilliseconds:0}";
        return builder.ConnectionString;
    }

    /// <summary>The connection string for the given purpose (migrations, probes, listeners); call only on validated options.</summary>
    public string ToConnectionString(string applicationName, bool pooling = true, int timeoutSeconds = 15)
    {
        var builder = Builder(applicationName, timeoutSeconds);
        builder.Pooling = pooling;
        return builder.ConnectionString;
    }

    // No password here: every data source gets it from the password source (Database/Credentials), so a new one needs no restart.
    private NpgsqlConnectionStringBuilder Builder(string applicationName, int timeoutSeconds) => new()
    {
        Host = Host,
        Port = PortNumber,
        Database = Name,
        Username = User,
        ApplicationName = applicationName,
        Timeout = timeoutSeconds,
        // RDS refuses an IAM token over a connection without TLS.
        SslMode = UsesIamAuth ? SslMode.Require : SslMode.Prefer,
    };
}

internal sealed class DatabaseOptionsValidator : IValidateOptions<DatabaseOptions>
{
    public ValidateOptionsResult Validate(string? name, DatabaseOptions options)
    {
        var failures = new List<string>();
        Required(failures, EnvironmentVariables.DbHost, options.Host);
        Required(failures, EnvironmentVariables.DbName, options.Name);
        Required(failures, EnvironmentVariables.DbUser, options.User);
        var credentialSources = new[] { options.Password, options.PasswordFile, options.UsesIamAuth ? "iam" : null }.Count(v => !string.IsNullOrWhiteSpace(v));
        var oneOf = $"{EnvironmentVariables.DbPasswordFile}, {EnvironmentVariables.DbIamAuth}=true or {EnvironmentVariables.DbPassword}";
        if (credentialSources != 1)
        {
            failures.Add(credentialSources == 0 ? $"{oneOf} is required" : $"set only one of {oneOf}");
        }

        if (!string.IsNullOrWhiteSpace(options.IamAuth) && !options.UsesIamAuth && !string.Equals(options.IamAuth, "false", StringComparison.OrdinalIgnoreCase))
        {
            failures.Add($"{EnvironmentVariables.DbIamAuth} must be true or false (got '{options.IamAuth}')");
        }

        if (!string.IsNullOrWhiteSpace(options.Port)
            && (!int.TryParse(options.Port, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port)
                || port is < 1 or > 65535))
        {
            failures.Add($"{EnvironmentVariables.DbPort} must be a port number from 1 to 65535 (got '{options.Port}')");
        }

        if (!string.IsNullOrWhiteSpace(options.DeadlineSeconds)
            && (!double.TryParse(options.DeadlineSeconds, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var deadline)
                || deadline is < 1.5 or > 60))
        {
            failures.Add($"{EnvironmentVariables.DbDeadlineSeconds} must be a number of seconds from 1.5 to 60 (got '{options.DeadlineSeconds}')");
        }

        if (!string.IsNullOrWhiteSpace(options.PoolBudget) && ConnectionBudget.Validate(options.PoolBudget) is { } budgetError)
        {
            failures.Add($"{EnvironmentVariables.DbPoolBudget} {budgetError}");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    // The message names the variable only: DB_PASSWORD's value must never be echoed.
    internal static void Required(List<string> failures, string variable, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            failures.Add($"{variable} is required");
        }
    }
}
