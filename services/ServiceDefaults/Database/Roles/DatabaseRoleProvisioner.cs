using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace Platform.ServiceDefaults.Database.Roles;

/// <summary>How the service roles log in: an RDS IAM token (rds_iam) or a password per role.</summary>
public abstract record RoleLogin
{
    private RoleLogin()
    {
    }

    /// <summary>AWS: the role is granted rds_iam and has no password.</summary>
    public sealed record Iam : RoleLogin;

    /// <summary>Locally and in tests: each role's password, by role name.</summary>
    public sealed record Password(Func<ServiceRole, string> For) : RoleLogin;
}

/// <summary>What the step did to one role, for the log (never a password).</summary>
public sealed record RoleOutcome(string Role, string Schema, bool Created, int TablesReassigned)
{
    public override string ToString() =>
        $"{Role}: {(Created ? "created" : "exists")}, owns schema {Schema}" + (TablesReassigned > 0 ? $" ({TablesReassigned} table(s) taken over)" : "");
}

/// <summary>
/// The role step, run as the master user before the services start: for each service a LOGIN role that owns its schema
/// (and every table in it, taken over from the master user where an older deploy created them) and has no rights
/// elsewhere, with its connection limit and its login (rds_iam or a password). Idempotent: every statement states the
/// end state, so a second run changes nothing but the password it is given. One transaction under an advisory lock:
/// two steps started together serialize, and a failure leaves the roles as they were.
/// </summary>
public sealed class DatabaseRoleProvisioner(NpgsqlDataSource master)
{
    public static readonly long LockKey = BitConverter.ToInt64(SHA256.HashData(Encoding.UTF8.GetBytes("platform-database-roles")), 0);

    /// <summary>Creates or corrects every role; <paramref name="connectionLimit"/> -1 means none.</summary>
    public async Task<IReadOnlyList<RoleOutcome>> ProvisionAsync(IReadOnlyList<ServiceRole> roles, RoleLogin login, int connectionLimit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(roles);
        ArgumentNullException.ThrowIfNull(login);
        await using var connection = await master.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, "SELECT pg_advisory_xact_lock(@key)", cancellationToken, ("key", LockKey));
        if (login is RoleLogin.Iam && !await ExistsAsync(connection, "SELECT 1 FROM pg_roles WHERE rolname = 'rds_iam'", cancellationToken))
        {
            throw new InvalidOperationException("IAM database authentication needs the rds_iam role, which only RDS has: use passwords outside AWS");
        }

        // PostgreSQL 15 already leaves PUBLIC without CREATE on schema public; older servers do not.
        await ExecuteAsync(connection, "REVOKE CREATE ON SCHEMA public FROM PUBLIC", cancellationToken);
        var outcomes = new List<RoleOutcome>();
        foreach (var role in roles)
        {
            outcomes.Add(await ProvisionAsync(connection, role, login, connectionLimit, cancellationToken));
        }

        await transaction.CommitAsync(cancellationToken);
        return outcomes;
    }

    private static async Task<RoleOutcome> ProvisionAsync(NpgsqlConnection connection, ServiceRole role, RoleLogin login, int connectionLimit, CancellationToken cancellationToken)
    {
        var created = !await ExistsAsync(connection, $"SELECT 1 FROM pg_roles WHERE rolname = {Literal(role.Role)}", cancellationToken);
        var name = Identifier(role.Role);
        var schema = Identifier(role.Schema);
        if (created)
        {
            await ExecuteAsync(connection, $"CREATE ROLE {name} LOGIN", cancellationToken);
        }

        // No database or role creation, no inherited rights: the role can do what its schema allows, nothing more. (A new
        // role is NOSUPERUSER NOREPLICATION already; naming those attributes at all needs a superuser, which RDS's master is not.)
        await ExecuteAsync(connection, $"ALTER ROLE {name} WITH LOGIN NOCREATEDB NOCREATEROLE NOINHERIT CONNECTION LIMIT {connectionLimit}", cancellationToken);
        switch (login)
        {
            case RoleLogin.Iam:
                await ExecuteAsync(connection, $"ALTER ROLE {name} WITH PASSWORD NULL", cancellationToken);
                await ExecuteAsync(connection, $"GRANT rds_iam TO {name}", cancellationToken);
                break;
            case RoleLogin.Password password:
                // Utility statements take no parameters: the server quotes the literal (format %L), the value never reaches a log of ours.
                var alter = await ScalarAsync(connection, "SELECT format('ALTER ROLE %I WITH PASSWORD %L', @role, @password)", cancellationToken,
                    ("role", role.Role), ("password", password.For(role)));
                await ExecuteAsync(connection, alter, cancellationToken);
                break;
        }

        // The master user must be a member to hand the schema over (RDS's master is not a superuser).
        await ExecuteAsync(connection, $"GRANT {name} TO CURRENT_USER", cancellationToken);
        await ExecuteAsync(connection, $"CREATE SCHEMA IF NOT EXISTS {schema} AUTHORIZATION {name}", cancellationToken);
        await ExecuteAsync(connection, $"ALTER SCHEMA {schema} OWNER TO {name}", cancellationToken);
        // Environments deployed before this step migrated as the master user: their tables (and the sequences they own) move over.
        var reassigned = await ScalarAsync(connection, $$"""
            WITH moved AS (
                SELECT format('ALTER TABLE %I.%I OWNER TO %I', n.nspname, c.relname, @role) AS sql
                FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = @schema AND c.relkind IN ('r', 'p') AND pg_get_userbyid(c.relowner) <> @role)
            SELECT coalesce(string_agg(sql, '; '), '') FROM moved
            """, cancellationToken, ("role", role.Role), ("schema", role.Schema));
        var tables = 0;
        if (reassigned.Length > 0)
        {
            await ExecuteAsync(connection, reassigned, cancellationToken);
            tables = reassigned.Split("; ").Length;
        }

        return new RoleOutcome(role.Role, role.Schema, created, tables);
    }

    private static string Identifier(string name) =>
        name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_') && name.Length is > 0 and < 64
            ? name
            : throw new ArgumentException($"'{name}' is not a plain lower-case PostgreSQL identifier", nameof(name));

    private static string Literal(string name) => $"'{Identifier(name)}'";

    private static async Task<bool> ExistsAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync(cancellationToken) is not null;
    }

    private static async Task<string> ScalarAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (parameterName, value) in parameters)
        {
            command.Parameters.AddWithValue(parameterName, value);
        }

        return (string)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (parameterName, value) in parameters)
        {
            command.Parameters.AddWithValue(parameterName, value);
        }

        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
