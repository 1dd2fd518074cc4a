using System.Globalization;
using AwesomeAssertions;
using Npgsql;
using Platform.ServiceDefaults.Configuration;
using Platform.ServiceDefaults.Database;
using Platform.Testing;

namespace Platform.BillingService.Tests;

/// <summary>
/// A request connection carries PostgreSQL's own statement_timeout: a cancelled command breaks its connection at once
/// and its cancel request travels apart, so if that request is lost, the server still ends the statement (and releases
/// the Idempotency-Key its transaction holds) instead of running on for a client that answered 503 long ago.
/// </summary>
[Trait("Category", "Integration")]
public sealed class ServerStatementTimeoutTests(PlatformContainers containers)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_request_statement_nobody_cancels_is_ended_by_PostgreSQL_and_answers_503()
    {
        // Given the request connection string with the client's own bound switched off: only the server can end it
        var server = new NpgsqlConnectionStringBuilder(containers.Postgres.GetConnectionString());
        var options = new DatabaseOptions
        {
            Host = server.Host,
            Port = server.Port.ToString(CultureInfo.InvariantCulture),
            Name = server.Database,
            User = server.Username,
        };
        var request = new NpgsqlConnectionStringBuilder(options.ToRequestConnectionString("billing-service")) { Password = server.Password, CommandTimeout = 0 };
        await using var connection = new NpgsqlConnection(request.ConnectionString);
        await connection.OpenAsync(Ct);

        // When a statement runs far past the bound
        await using var sleep = new NpgsqlCommand("SELECT pg_sleep(60)", connection);
        var ended = await FluentActions.Awaiting(() => sleep.ExecuteNonQueryAsync(Ct)).Should().ThrowAsync<PostgresException>();

        // Then PostgreSQL cancelled it for its statement timeout, which a request answers with 503
        ended.Which.SqlState.Should().Be(PostgresErrorCodes.QueryCanceled);
        ended.Which.MessageText.Should().Contain("statement timeout");
        DatabaseUnavailableHandler.IsDatabaseUnavailable(ended.Which).Should().BeTrue();
        await using var shown = new NpgsqlCommand("SHOW statement_timeout", connection);
        (await shown.ExecuteScalarAsync(Ct)).Should().Be($"{options.ServerStatementTimeout.TotalSeconds:0}s");
    }
}
