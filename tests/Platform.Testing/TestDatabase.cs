using System.Globalization;
using Npgsql;

namespace Platform.Testing;

/// <summary>Direct reads of a service's database, for assertions the API does not expose (row counts, outbox state).</summary>
public static class TestDatabase
{
    public static async Task<long> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }
}
