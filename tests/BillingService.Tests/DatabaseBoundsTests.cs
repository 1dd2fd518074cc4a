using AwesomeAssertions;
using Npgsql;
using Platform.ServiceDefaults.Configuration;

namespace Platform.BillingService.Tests;

/// <summary>
/// DB_DEADLINE_SECONDS sets every database bound a request meets: connect, pool wait and each statement get a third of
/// it (at least 1 s), the work as a whole the rest, so the answer (503 at worst) still comes within the deadline.
/// </summary>
public sealed class DatabaseBoundsTests
{
    [Theory]
    [InlineData(null, 1, 2.0)]
    [InlineData("1.5", 1, 0.5)]
    [InlineData("3", 1, 2.0)]
    [InlineData("10", 3, 7.0)]
    [InlineData("60", 20, 40.0)]
    public void Statements_get_a_third_of_the_deadline_and_the_work_the_rest(string? deadlineSeconds, int statementSeconds, double workSeconds)
    {
        var options = new DatabaseOptions { Host = "db", Name = "platform", User = "billing_service", DeadlineSeconds = deadlineSeconds };

        var connection = new NpgsqlConnectionStringBuilder(options.ToRequestConnectionString("billing-service"));

        connection.Timeout.Should().Be(statementSeconds, "pool wait and connect");
        connection.CommandTimeout.Should().Be(statementSeconds);
        options.WorkBudget.Should().Be(TimeSpan.FromSeconds(workSeconds));
        (options.WorkBudget + TimeSpan.FromSeconds(statementSeconds)).Should().Be(options.Deadline);
    }
}
