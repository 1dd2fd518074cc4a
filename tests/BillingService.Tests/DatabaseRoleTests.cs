using System.Collections.Concurrent;
using System.Net;
using AwesomeAssertions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Platform.ServiceDefaults.Database.Credentials;
using Platform.ServiceDefaults.Database.Roles;
using Platform.Testing;

namespace Platform.BillingService.Tests;

/// <summary>
/// billing-service as its own database role (docs/design/database-roles.md): it owns and migrates its schema, cannot touch
/// another's, and survives its password changing under load. Roles are server-wide, so these tests share one class (serial).
/// </summary>
[Trait("Category", "Integration")]
public sealed class DatabaseRoleTests(PlatformContainers containers)
{
    private const string Role = "billing_service";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Billing_role_owns_and_migrates_its_schema_and_is_refused_auth_users()
    {
        // Given the role step, and auth's table created by auth's role
        using var roles = await RoleDatabase.CreateAsync(containers, Ct);
        await ExecuteAsync(roles.ConnectionString("auth_service"), "CREATE TABLE auth.users (id uuid PRIMARY KEY, email text NOT NULL)");

        // When billing starts as its role and serves its own queries
        await using var host = await IsolatedService.StartAsync<Program>(containers, "billing", Ct, new IsolatedServiceOptions { Settings = roles.SettingsFor(Role) });
        using var client = host.Client(Guid.NewGuid());
        using var created = await client.SendAsync(InvoiceRequests.Create("role-1"), Ct);
        created.StatusCode.Should().Be(HttpStatusCode.Created);
        using var listed = await client.GetAsync("/billing/invoices", Ct);
        listed.StatusCode.Should().Be(HttpStatusCode.OK);

        // Then its migrations ran as its role: the role owns the schema and every table in it
        (await ScalarAsync(roles.MasterConnectionString, "SELECT nspowner::regrole::text FROM pg_namespace WHERE nspname = 'billing'")).Should().Be(Role);
        (await ScalarAsync(roles.MasterConnectionString, "SELECT string_agg(DISTINCT tableowner, ',') FROM pg_tables WHERE schemaname = 'billing'")).Should().Be(Role);
        (await ScalarAsync(roles.MasterConnectionString, "SELECT count(*)::text FROM billing.schema_migrations")).Should().NotBe("0");

        // And it has no rights in another service's schema
        var select = () => ExecuteAsync(roles.ConnectionString(Role), "SELECT * FROM auth.users");
        (await select.Should().ThrowAsync<PostgresException>()).Which.SqlState.Should().Be(PostgresErrorCodes.InsufficientPrivilege);
        var create = () => ExecuteAsync(roles.ConnectionString(Role), "CREATE TABLE users.stolen (id int)");
        (await create.Should().ThrowAsync<PostgresException>()).Which.SqlState.Should().Be(PostgresErrorCodes.InsufficientPrivilege);
        var drop = () => ExecuteAsync(roles.ConnectionString(Role), "DROP SCHEMA notify CASCADE");
        (await drop.Should().ThrowAsync<PostgresException>()).Which.SqlState.Should().Be(PostgresErrorCodes.InsufficientPrivilege);
        var publicTable = () => ExecuteAsync(roles.ConnectionString(Role), "CREATE TABLE public.stray (id int)");
        (await publicTable.Should().ThrowAsync<PostgresException>()).Which.SqlState.Should().Be(PostgresErrorCodes.InsufficientPrivilege);
    }

    [Fact]
    public async Task Role_step_run_twice_leaves_the_same_roles_and_takes_over_tables_the_master_user_created()
    {
        // Given a database an older deploy migrated as the master user
        using var roles = await RoleDatabase.CreateAsync(containers, Ct);
        await ExecuteAsync(roles.MasterConnectionString, "CREATE TABLE billing.legacy (id bigserial PRIMARY KEY)");
        var before = await RoleStateAsync(roles);

        // When the step runs again (every deploy runs it)
        var second = await roles.ProvisionAsync(Ct, connectionLimit: 12);
        var third = await roles.ProvisionAsync(Ct, connectionLimit: 12);

        // Then nothing is created twice, the master user's table moved to the role once, and the state is stable
        second.Should().OnlyContain(o => !o.Created);
        second.Single(o => o.Role == Role).TablesReassigned.Should().Be(1);
        third.Should().OnlyContain(o => !o.Created && o.TablesReassigned == 0);
        (await ScalarAsync(roles.MasterConnectionString, "SELECT tableowner FROM pg_tables WHERE schemaname = 'billing' AND tablename = 'legacy'")).Should().Be(Role);
        (await ScalarAsync(roles.MasterConnectionString, "SELECT string_agg(DISTINCT rolconnlimit::text, ',') FROM pg_roles WHERE rolname LIKE '%\\_service'")).Should().Be("12");
        var after = await RoleStateAsync(roles);
        after.Replace("-1", "12", StringComparison.Ordinal).Should().Be(before.Replace("-1", "12", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Password_changed_under_steady_load_fails_no_request_and_new_connections_use_the_new_password()
    {
        // Given billing as its role, its password source counting how often the data sources ask it
        using var roles = await RoleDatabase.CreateAsync(containers, Ct);
        var source = new CountingPasswordSource(new FilePasswordSource(roles.PasswordFile(Role), TimeSpan.FromSeconds(1)));
        await using var host = await IsolatedService.StartAsync<Program>(containers, "billing", Ct, new IsolatedServiceOptions
        {
            Settings = roles.SettingsFor(Role),
            Services = services => services.AddSingleton<IDatabasePasswordSource>(source),
        });
        var user = Guid.NewGuid();
        using (var seed = host.Client(user))
        {
            (await seed.SendAsync(InvoiceRequests.Create("seed"), Ct)).StatusCode.Should().Be(HttpStatusCode.Created);
        }

        // And steady load: four clients listing invoices back to back
        var statuses = new ConcurrentQueue<HttpStatusCode>();
        using var stopLoad = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var load = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            using var client = host.Client(user);
            while (!stopLoad.IsCancellationRequested)
            {
                using var response = await client.GetAsync("/billing/invoices", CancellationToken.None);
                statuses.Enqueue(response.StatusCode);
            }
        }, CancellationToken.None)).ToList();
        (await Eventually.TrueWithinAsync(() => Task.FromResult(statuses.Count >= 50), TimeSpan.FromSeconds(30), Ct)).Should().BeTrue();

        // When the password changes on the server and in the file the provider reads
        var oldPassword = await File.ReadAllTextAsync(roles.PasswordFile(Role), Ct);
        var changedAt = await ScalarAsync(roles.MasterConnectionString, "SELECT clock_timestamp()::text");
        var newPassword = RoleDatabase.NewPassword();
        await ExecuteAsync(roles.MasterConnectionString, $"ALTER ROLE {Role} WITH PASSWORD '{newPassword}'");
        await File.WriteAllTextAsync(roles.PasswordFile(Role), newPassword, Ct);
        var callsAtChange = source.Calls;
        // Each data source asks once per second; twice as many calls as data sources means every one has asked since.
        (await Eventually.TrueWithinAsync(() => Task.FromResult(source.Calls - callsAtChange >= 2 * 4), TimeSpan.FromSeconds(30), Ct)).Should().BeTrue();
        var requestsBeforeClear = statuses.Count;
        // Drop every pooled connection: whatever the load opens from now on authenticates with what the provider returns.
        host.App.Services.GetRequiredService<NpgsqlDataSource>().Clear();
        (await Eventually.TrueWithinAsync(() => Task.FromResult(statuses.Count >= requestsBeforeClear + 100), TimeSpan.FromSeconds(30), Ct)).Should().BeTrue();
        await stopLoad.CancelAsync();
        await Task.WhenAll(load);

        // Then no request failed: the few that opened a connection in the second before the service read the new password
        // were told to retry (503, docs/operations.md), and once the pool was cleared every one succeeded
        var sent = statuses.ToArray();
        TestContext.Current.TestOutputHelper?.WriteLine("FIGURE statuses through a password change: " +
            string.Join(", ", sent.GroupBy(s => (int)s).OrderBy(g => g.Key).Select(g => $"{g.Key} x{g.Count()}")));
        sent.Should().OnlyContain(s => s == HttpStatusCode.OK || s == HttpStatusCode.ServiceUnavailable, "a password change must not fail a request ({0} sent)", sent.Length);
        sent.TakeLast(50).Should().OnlyContain(s => s == HttpStatusCode.OK, "connections opened after the clear use the new password");

        // And the service's sessions now are all new ones, opened after the change, which only the new password can open
        var sessions = await ScalarAsync(roles.MasterConnectionString,
            $"SELECT count(*) FILTER (WHERE backend_start > '{changedAt}') || '/' || count(*) FROM pg_stat_activity WHERE usename = '{Role}' AND application_name = 'billing-service'");
        var parts = sessions.Split('/');
        parts[0].Should().Be(parts[1], "every pooled session of billing-service was opened after the change (new/all: {0})", sessions);
        int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture).Should().BePositive();
        var withOldPassword = () => ExecuteAsync(roles.ConnectionString(Role, oldPassword), "SELECT 1");
        (await withOldPassword.Should().ThrowAsync<PostgresException>()).Which.SqlState.Should().Be(PostgresErrorCodes.InvalidPassword);
        (await host.CreateClient().GetAsync("/billing/health", Ct)).StatusCode.Should().Be(HttpStatusCode.OK, "the health probe opens a new connection each time");
    }

    [Fact]
    public async Task A_connection_refused_for_its_password_answers_503_with_retry_after_and_the_next_password_gets_through()
    {
        // Given billing as its role, serving
        using var roles = await RoleDatabase.CreateAsync(containers, Ct);
        await using var host = await IsolatedService.StartAsync<Program>(containers, "billing", Ct, new IsolatedServiceOptions
        {
            Settings = roles.SettingsFor(Role),
            Services = services => services.AddSingleton<IDatabasePasswordSource>(new FilePasswordSource(roles.PasswordFile(Role), TimeSpan.FromSeconds(1))),
        });
        using var client = host.Client(Guid.NewGuid());
        (await client.GetAsync("/billing/invoices", Ct)).StatusCode.Should().Be(HttpStatusCode.OK);

        // When the password changes on the server only, and the pool has no connection left to reuse
        var newPassword = RoleDatabase.NewPassword();
        await ExecuteAsync(roles.MasterConnectionString, $"ALTER ROLE {Role} WITH PASSWORD '{newPassword}'");
        host.App.Services.GetRequiredService<NpgsqlDataSource>().Clear();
        using var refused = await client.GetAsync("/billing/invoices", Ct);

        // Then the request is told to come back (the service's problem, not the client's), never a 500
        refused.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        refused.Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromSeconds(1));
        refused.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");

        // And once the file carries the new password, a retry gets through without a restart
        await File.WriteAllTextAsync(roles.PasswordFile(Role), newPassword, Ct);
        (await Eventually.TrueWithinAsync(async () =>
        {
            using var retry = await client.GetAsync("/billing/invoices", Ct);
            return retry.StatusCode == HttpStatusCode.OK;
        }, TimeSpan.FromSeconds(10), Ct)).Should().BeTrue();
    }

    [Fact]
    public async Task Role_step_runs_as_a_master_user_that_is_no_superuser_as_on_rds_and_grants_rds_iam()
    {
        // Given RDS's shape: a master user with CREATEROLE that owns the database but is no superuser, and an rds_iam role
        var server = new NpgsqlConnectionStringBuilder(containers.Postgres.GetConnectionString()) { Pooling = false };
        var master = "rds_master_" + Guid.NewGuid().ToString("N")[..8];
        var password = RoleDatabase.NewPassword();
        var database = "rdslike_" + Guid.NewGuid().ToString("N")[..8];
        await ExecuteAsync(server.ConnectionString, $"""
            DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'rds_iam') THEN CREATE ROLE rds_iam NOLOGIN; END IF; END $$;
            CREATE ROLE {master} LOGIN CREATEROLE CREATEDB PASSWORD '{password}';
            GRANT rds_iam TO {master} WITH ADMIN OPTION;
            """);
        await ExecuteAsync(server.ConnectionString, $"CREATE DATABASE {database} OWNER {master}");
        var asMaster = new NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = database, Username = master, Password = password }.ConnectionString;

        // When the step runs as that user with IAM logins, twice
        await using var dataSource = NpgsqlDataSource.Create(asMaster);
        var first = await new DatabaseRoleProvisioner(dataSource).ProvisionAsync(ServiceRole.All, new RoleLogin.Iam(), 32, Ct);
        var second = await new DatabaseRoleProvisioner(dataSource).ProvisionAsync(ServiceRole.All, new RoleLogin.Iam(), 32, Ct);

        // Then every role is an rds_iam login without a password that owns its schema, and the second run changed nothing
        first.Should().HaveCount(4);
        second.Should().OnlyContain(o => !o.Created && o.TablesReassigned == 0);
        // (pg_authid, where the password lives, is for superusers: read it as the server's)
        (await ScalarAsync(new NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = database }.ConnectionString, """
            SELECT string_agg(r.rolname || ':' || pg_has_role(r.oid, 'rds_iam', 'MEMBER') || ':' || (r.rolpassword IS NULL) || ':' || r.rolconnlimit || ':' || n.nspname, ' ' ORDER BY r.rolname)
            FROM pg_authid r JOIN pg_namespace n ON n.nspowner = r.oid WHERE r.rolname LIKE '%\_service'
            """)).Should().Be("auth_service:true:true:32:auth billing_service:true:true:32:billing notification_service:true:true:32:notify user_service:true:true:32:users");
    }

    [Fact]
    public async Task Role_command_provisions_from_the_environment_and_prints_no_password()
    {
        using var roles = await RoleDatabase.CreateAsync(containers, Ct);
        var master = new NpgsqlConnectionStringBuilder(roles.MasterConnectionString);
        var environment = new Dictionary<string, string?>
        {
            ["DB_HOST"] = master.Host,
            ["DB_PORT"] = master.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["DB_NAME"] = master.Database,
            [DatabaseRolesCommand.MasterUser] = master.Username,
            [DatabaseRolesCommand.MasterPassword] = master.Password,
            [DatabaseRolesCommand.RoleLoginVariable] = "password",
            [DatabaseRolesCommand.RolePasswordsDirectory] = roles.PasswordsDirectory,
            ["DB_POOL_BUDGET"] = "80/4",
        };
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exitCode = await DatabaseRolesCommand.RunAsync(new ConfigurationBuilder().AddInMemoryCollection(environment).Build(), output, error, Ct);

        exitCode.Should().Be(0, error.ToString());
        output.ToString().Should().Contain("database role billing_service: exists, owns schema billing (connection limit 32, login password)");
        foreach (var role in ServiceRole.All)
        {
            output.ToString().Should().NotContain(await File.ReadAllTextAsync(roles.PasswordFile(role.Role), Ct));
        }

        environment[DatabaseRolesCommand.RoleLoginVariable] = "kerberos";
        environment[DatabaseRolesCommand.MasterPassword] = null;
        using var badError = new StringWriter();
        (await DatabaseRolesCommand.RunAsync(new ConfigurationBuilder().AddInMemoryCollection(environment).Build(), TextWriter.Null, badError, Ct)).Should().Be(1);
        badError.ToString().TrimEnd().Should().Be("configuration error: DB_MASTER_PASSWORD is required; DB_ROLE_LOGIN must be iam or password (got 'kerberos')");
    }

    private static Task<string> RoleStateAsync(RoleDatabase roles) => ScalarAsync(roles.MasterConnectionString, """
        SELECT string_agg(r.rolname || ':' || r.rolcanlogin || r.rolsuper || r.rolcreaterole || r.rolcreatedb || ':' || r.rolconnlimit || ':' || coalesce(n.nspname, '-'), ' ' ORDER BY r.rolname)
        FROM pg_roles r LEFT JOIN pg_namespace n ON n.nspowner = r.oid
        WHERE r.rolname LIKE '%\_service'
        """);

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(Ct);
    }

    private static async Task<string> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand(sql, connection);
        return (string)(await command.ExecuteScalarAsync(Ct))!;
    }

    /// <summary>The file source, counting the data sources' periodic calls.</summary>
    private sealed class CountingPasswordSource(IDatabasePasswordSource inner) : IDatabasePasswordSource
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public TimeSpan RefreshInterval => inner.RefreshInterval;

        public ValueTask<string> GetPasswordAsync(CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            return inner.GetPasswordAsync(cancellationToken);
        }
    }
}
