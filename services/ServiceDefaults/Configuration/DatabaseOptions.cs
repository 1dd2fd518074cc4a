using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Npgsql;

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

    public int PortNumber => string.IsNullOrWhiteSpace(Port) ? DefaultPort : int.Parse(Port, System.Globalization.CultureInfo.InvariantCulture);

    internal static void Bind(DatabaseOptions options, IConfiguration configuration)
    {
        options.Host = configuration[EnvironmentVariables.DbHost];
        options.Port = configuration[EnvironmentVariables.DbPort];
        options.Name = configuration[EnvironmentVariables.DbName];
        options.User = configuration[EnvironmentVariables.DbUser];
        options.Password = configuration[EnvironmentVariables.DbPassword];
    }

    /// <summary>The connection string for the given purpose; call only on validated options.</summary>
    public string ToConnectionString(string applicationName, bool pooling = true, int timeoutSeconds = 15) =>
        new NpgsqlConnectionStringBuilder
        {
            Host = Host,
            Port = PortNumber,
            Database = Name,
            Username = User,
            Password = Password,
            ApplicationName = applicationName,
            Pooling = pooling,
            Timeout = timeoutSeconds,
        }.ConnectionString;
}

internal sealed class DatabaseOptionsValidator : IValidateOptions<DatabaseOptions>
{
    public ValidateOptionsResult Validate(string? name, DatabaseOptions options)
    {
        var failures = new List<string>();
        Required(failures, EnvironmentVariables.DbHost, options.Host);
        Required(failures, EnvironmentVariables.DbName, options.Name);
        Required(failures, EnvironmentVariables.DbUser, options.User);
        Required(failures, EnvironmentVariables.DbPassword, options.Password);
        if (!string.IsNullOrWhiteSpace(options.Port)
            && (!int.TryParse(options.Port, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port)
                || port is < 1 or > 65535))
        {
            failures.Add($"{EnvironmentVariables.DbPort} must be a port number from 1 to 65535 (got '{options.Port}')");
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
