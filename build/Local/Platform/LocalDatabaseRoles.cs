using System.Security.Cryptography;
using Platform.Build.Local.Docker;

namespace Platform.Build.Local.Platform;

/// <summary>
/// The role step of the local platform, the same as DeployStack's on AWS (docs/design/database-roles.md): a one-off container of
/// auth-service's image runs <c>provision-database-roles</c> as PostgreSQL's superuser before the services start. Locally the
/// roles sign in with passwords (no IAM): one generated per role, in a file per role under <see cref="LocalPlatformOptions.SecretsDirectory"/>
/// (<c>&lt;role&gt;/password</c>), which the step reads and each service reads through DB_PASSWORD_FILE — so a rewritten file reaches
/// the service's new connections without a restart (docs/operations.md).
/// </summary>
public sealed class LocalDatabaseRoles(LocalPlatformOptions options)
{
    /// <summary>The four services' roles (services/ServiceDefaults/Database/Roles/ServiceRole.cs).</summary>
    public static readonly IReadOnlyDictionary<string, string> RoleOf = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["auth-service"] = "auth_service",
        ["user-service"] = "user_service",
        ["billing-service"] = "billing_service",
        ["notification-service"] = "notification_service",
    };

    /// <summary>Where a service container finds its role's password directory (mounted read-only).</summary>
    public const string ServiceSecretsPath = "/run/secrets/database";

    public const string PasswordFileName = "password";

    const string StepSecretsPath = "/run/secrets/roles";

    public string RoleDirectory(string role) => Path.Combine(options.SecretsDirectory, role);

    /// <summary>A fresh password per role, written where the step and the services read it. The directory is the user's alone.</summary>
    public void WritePasswords()
    {
        Directory.CreateDirectory(options.SecretsDirectory);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(options.SecretsDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        foreach (var role in RoleOf.Values)
        {
            var directory = RoleDirectory(role);
            Directory.CreateDirectory(directory);
            var file = Path.Combine(directory, PasswordFileName);
            File.WriteAllText(file, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24)));
            if (!OperatingSystem.IsWindows())
            {
                // The container's non-root user reads it through the mount; the 0700 directory above keeps other users out.
                File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                    | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
                File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
            }
        }
    }

    /// <summary>The one-off container: auth-service's image, the superuser's password as a secret variable, the password files read-only.</summary>
    public ContainerSpec StepSpec(string image, string masterPassword, IReadOnlyDictionary<string, string> labels) =>
        new($"{options.Name}-database-roles", image)
        {
            Network = options.Network,
            Labels = labels,
            Environment = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["DB_HOST"] = ServiceEnvironment.PostgresAlias,
                ["DB_PORT"] = "5432",
                ["DB_NAME"] = options.DatabaseName,
                ["DB_MASTER_USER"] = options.DatabaseUser,
                ["DB_ROLE_LOGIN"] = "password",
                ["DB_ROLE_PASSWORDS_DIR"] = StepSecretsPath,
            },
            SecretEnvironment = new Dictionary<string, string>(StringComparer.Ordinal) { ["DB_MASTER_PASSWORD"] = masterPassword },
            // Each role's directory on its own: the directory above them stays the user's alone (0700).
            Volumes = [.. RoleOf.Values.Select(role => (RoleDirectory(role), $"{StepSecretsPath}/{role}:ro"))],
            ReadOnlyRootFilesystem = true,
            Tmpfs = ["/tmp"],
            Command = ["provision-database-roles"],
        };

    /// <summary>A service's mount of its own role's password directory.</summary>
    public (string Volume, string Path) ServiceMount(string serviceName) => (RoleDirectory(RoleOf[serviceName]), ServiceSecretsPath + ":ro");

    public void DeletePasswords()
    {
        if (Directory.Exists(options.SecretsDirectory))
        {
            Directory.Delete(options.SecretsDirectory, recursive: true);
        }
    }
}
