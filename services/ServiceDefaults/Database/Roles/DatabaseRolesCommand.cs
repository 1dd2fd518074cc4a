using System.Globalization;
using Microsoft.Extensions.Configuration;
using Npgsql;
using Platform.ServiceDefaults.Configuration;

namespace Platform.ServiceDefaults.Database.Roles;

/// <summary>
/// <c>auth-service provision-database-roles</c>: the role step as a one-off task of auth-service's image (an ECS task on
/// AWS, a container locally; docs/design/database-roles.md). Connects as the master user, provisions the four roles,
/// prints one line per role and exits 0; any failure is one line on stderr and exit 1. Passwords are never printed.
/// </summary>
public static class DatabaseRolesCommand
{
    public const string Verb = "provision-database-roles";

    /// <summary>The master user's name and password: on AWS, ECS injects them from the RDS-managed secret.</summary>
    public const string MasterUser = "DB_MASTER_USER";
    public const string MasterPassword = "DB_MASTER_PASSWORD";

    /// <summary>"iam" (AWS: rds_iam, no password) or "password" (each role's password from DB_ROLE_PASSWORDS_DIR/&lt;role&gt;/password).</summary>
    public const string RoleLoginVariable = "DB_ROLE_LOGIN";
    public const string RolePasswordsDirectory = "DB_ROLE_PASSWORDS_DIR";

    public static bool IsRequested(IReadOnlyList<string> args) => args is [Verb];

    public static async Task<int> RunAsync(IConfiguration configuration, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var failures = new List<string>();
        foreach (var variable in new[] { EnvironmentVariables.DbHost, EnvironmentVariables.DbName, MasterUser, MasterPassword })
        {
            DatabaseOptionsValidator.Required(failures, variable, configuration[variable]);
        }

        var login = configuration[RoleLoginVariable] switch
        {
            "iam" => new RoleLogin.Iam(),
            "password" when configuration[RolePasswordsDirectory] is { Length: > 0 } directory => new RoleLogin.Password(role => ReadPassword(directory, role.Role)),
            "password" => Fail<RoleLogin>(failures, $"{RolePasswordsDirectory} is required when {RoleLoginVariable}=password"),
            var other => Fail<RoleLogin>(failures, $"{RoleLoginVariable} must be iam or password (got '{other}')"),
        };
        var budget = configuration[EnvironmentVariables.DbPoolBudget];
        if (!string.IsNullOrWhiteSpace(budget) && ConnectionBudget.Validate(budget) is { } budgetError)
        {
            failures.Add($"{EnvironmentVariables.DbPoolBudget} {budgetError}");
        }

        if (failures.Count > 0)
        {
            await error.WriteLineAsync("configuration error: " + string.Join("; ", failures));
            return 1;
        }

        var connectionLimit = string.IsNullOrWhiteSpace(budget) ? -1 : ConnectionBudget.Parse(budget).RoleConnectionLimit;
        var connectionString = new NpgsqlConnectionStringBuilder
        {
            Host = configuration[EnvironmentVariables.DbHost],
            Port = int.TryParse(configuration[EnvironmentVariables.DbPort], NumberStyles.None, CultureInfo.InvariantCulture, out var port) ? port : DatabaseOptions.DefaultPort,
            Database = configuration[EnvironmentVariables.DbName],
            Username = configuration[MasterUser],
            Password = configuration[MasterPassword],
            ApplicationName = "database-roles",
            Pooling = false,
            Timeout = 15,
            // On AWS the instance forces TLS (rds.force_ssl); locally PostgreSQL may have none.
            SslMode = login is RoleLogin.Iam ? SslMode.Require : SslMode.Prefer,
        }.ConnectionString;
        try
        {
            await using var master = NpgsqlDataSource.Create(connectionString);
            var outcomes = await new DatabaseRoleProvisioner(master).ProvisionAsync(ServiceRole.All, login!, connectionLimit, cancellationToken);
            foreach (var outcome in outcomes)
            {
                await output.WriteLineAsync($"database role {outcome} (connection limit {(connectionLimit < 0 ? "none" : connectionLimit.ToString(CultureInfo.InvariantCulture))}, login {(login is RoleLogin.Iam ? "IAM" : "password")})");
            }

            return 0;
        }
        catch (Exception exception) when (exception is NpgsqlException or InvalidOperationException or IOException or ArgumentException)
        {
            // Npgsql's messages name the server, the user and the SQL state, never the password.
            await error.WriteLineAsync($"database roles failed: {exception.Message.ReplaceLineEndings(" ")}");
            return 1;
        }
    }

    private static string ReadPassword(string directory, string role)
    {
        var path = Path.Combine(directory, role, "password");
        var password = File.Exists(path) ? File.ReadAllText(path).TrimEnd('\r', '\n') : "";
        return password.Length > 0 ? password : throw new InvalidOperationException($"no password for role {role}: {path} is missing or empty");
    }

    private static T? Fail<T>(List<string> failures, string message)
        where T : class
    {
        failures.Add(message);
        return null;
    }
}
