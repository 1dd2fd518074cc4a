using System.Net;
using AwesomeAssertions;
using Npgsql;
using Platform.ServiceDefaults.Database.Roles;

namespace Platform.Testing;

/// <summary>
/// A service as its own database role (docs/design/database-roles.md): started after the role step, it migrates and serves
/// its own queries as that role, the role owns its schema, and it is refused every other service's schema.
/// billing's own version also checks a password change under load (BillingService.Tests/DatabaseRoleTests).
/// </summary>
public abstract class OwnRoleTests<TProgram>(PlatformContainers containers, string serviceName)
    where TProgram : class
{
    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    private ServiceRole Role { get; } = ServiceRole.All.Single(r => r.Service == serviceName);

    /// <summary>One of the service's own requests that reads or writes its schema; must succeed.</summary>
    protected abstract Task<HttpStatusCode> OwnRequestAsync(HttpClient client, Guid user);

    [Fact]
    [Trait("Category", "Integration")]
    public async Task Service_migrates_and_answers_as_its_own_role_and_is_refused_the_other_schemas()
    {
        using var roles = await RoleDatabase.CreateAsync(containers, Ct);
        await using var host = await IsolatedService.StartAsync<TProgram>(containers, Role.Schema, Ct, new IsolatedServiceOptions { Settings = roles.SettingsFor(Role.Role) });
        using var client = host.Client(Guid.NewGuid());

        (await OwnRequestAsync(client, Guid.NewGuid())).Should().BeOneOf(HttpStatusCode.OK, HttpStatusCode.Created);

        await using var master = new NpgsqlConnection(roles.MasterConnectionString);
        await master.OpenAsync(Ct);
        await using (var owners = new NpgsqlCommand($"SELECT string_agg(DISTINCT tableowner, ',') FROM pg_tables WHERE schemaname = '{Role.Schema}'", master))
        {
            (await owners.ExecuteScalarAsync(Ct)).Should().Be(Role.Role, "its migrations ran as its role");
        }

        await using var asRole = new NpgsqlConnection(roles.ConnectionString(Role.Role));
        await asRole.OpenAsync(Ct);
        foreach (var other in ServiceRole.All.Where(r => r != Role))
        {
            await using var create = new NpgsqlCommand($"CREATE TABLE {other.Schema}.intruder (id int)", asRole);
            var act = () => create.ExecuteNonQueryAsync(Ct);
            (await act.Should().ThrowAsync<PostgresException>()).Which.SqlState.Should().Be(PostgresErrorCodes.InsufficientPrivilege, $"{Role.Role} has no rights in {other.Schema}");
        }
    }
}
