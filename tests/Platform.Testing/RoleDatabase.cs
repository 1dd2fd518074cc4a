using System.Security.Cryptography;
using Npgsql;
using Platform.ServiceDefaults.Configuration;
using Platform.ServiceDefaults.Database.Roles;

namespace Platform.Testing;

/// <summary>
/// A fresh database on the shared server with the role step applied as the deploy applies it: the four service roles, each
/// with a generated password in its own file (the DB_PASSWORD_FILE a service reads). Roles are server-wide, so the tests of
/// one assembly that use them run in one class.
/// </summary>
public sealed class RoleDatabase : IDisposable
{
    private RoleDatabase(string masterConnectionString, string database, string passwordsDirectory)
    {
        MasterConnectionString = masterConnectionString;
        Database = database;
        PasswordsDirectory = passwordsDirectory;
    }

    /// <summary>The server's superuser on this database: the master user's stand-in.</summary>
    public string MasterConnectionString { get; }

    public string Database { get; }

    public string PasswordsDirectory { get; }

    public static async Task<RoleDatabase> CreateAsync(PlatformContainers containers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(containers);
        var database = await containers.CreateDatabaseAsync(cancellationToken);
        var master = new NpgsqlConnectionStringBuilder(containers.Postgres.GetConnectionString()) { Database = database, Pooling = false }.ConnectionString;
        var directory = Directory.CreateTempSubdirectory("db-roles-").FullName;
        var roles = new RoleDatabase(master, database, directory);
        foreach (var role in ServiceRole.All)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(roles.PasswordFile(role.Role))!);
            await File.WriteAllTextAsync(roles.PasswordFile(role.Role), NewPassword(), cancellationToken);
        }

        await roles.ProvisionAsync(cancellationToken);
        return roles;
    }

    public static string NewPassword() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));

    /// <summary>The layout the role step reads (DB_ROLE_PASSWORDS_DIR/&lt;role&gt;/password) and the local platform mounts.</summary>
    public string PasswordFile(string role) => Path.Combine(PasswordsDirectory, role, "password");

    /// <summary>Runs the role step (as the deploy does, with the files' passwords); returns what it did per role.</summary>
    public async Task<IReadOnlyList<RoleOutcome>> ProvisionAsync(CancellationToken cancellationToken, int connectionLimit = -1)
    {
        await using var dataSource = NpgsqlDataSource.Create(MasterConnectionString);
        return await new DatabaseRoleProvisioner(dataSource).ProvisionAsync(
            ServiceRole.All, new RoleLogin.Password(role => File.ReadAllText(PasswordFile(role.Role))), connectionLimit, cancellationToken);
    }

    /// <summary>A direct connection as <paramref name="role"/> with the password its file holds now (or the one given).</summary>
    public string ConnectionString(string role, string? password = null) =>
        new NpgsqlConnectionStringBuilder(MasterConnectionString) { Username = role, Password = password ?? File.ReadAllText(PasswordFile(role)) }.ConnectionString;

    /// <summary>The service runs as <paramref name="role"/>, its password read from its file (no DB_PASSWORD).</summary>
    public Action<Dictionary<string, string?>> SettingsFor(string role) => settings =>
    {
        settings[EnvironmentVariables.DbName] = Database;
        settings[EnvironmentVariables.DbUser] = role;
        settings[EnvironmentVariables.DbPassword] = null;
        settings[EnvironmentVariables.DbPasswordFile] = PasswordFile(role);
    };

    public void Dispose() => Directory.Delete(PasswordsDirectory, recursive: true);
}
