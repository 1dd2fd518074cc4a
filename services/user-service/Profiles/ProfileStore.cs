using Npgsql;

namespace Platform.UserService.Profiles;

/// <summary>users.profiles: one row per user, created by the first save.</summary>
internal static class ProfileStore
{
    private const string Columns = "display_name, created_at, updated_at";

    public static async Task<ProfileDto> GetAsync(NpgsqlDataSource dataSource, Guid userId, string? email, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM users.profiles WHERE user_id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = userId });
        return await ReadAsync(command, userId, email, cancellationToken);
    }

    /// <summary>One statement, so concurrent saves by the same user serialize on the primary key: never a second row.</summary>
    public static async Task<ProfileDto> UpsertAsync(NpgsqlDataSource dataSource, Guid userId, string? email, string displayName, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "INSERT INTO users.profiles (user_id, display_name) VALUES ($1, $2) " +
            "ON CONFLICT (user_id) DO UPDATE SET display_name = EXCLUDED.display_name, updated_at = now() " +
            $"RETURNING {Columns}");
        command.Parameters.Add(new NpgsqlParameter { Value = userId });
        command.Parameters.Add(new NpgsqlParameter { Value = displayName });
        return await ReadAsync(command, userId, email, cancellationToken);
    }

    private static async Task<ProfileDto> ReadAsync(NpgsqlCommand command, Guid userId, string? email, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            // No profile saved yet: the account exists in auth, so this is an empty profile, not a 404.
            return new ProfileDto(userId, email, null, null, null);
        }

        return new ProfileDto(
            userId,
            email,
            reader.IsDBNull(0) ? null : reader.GetString(0),
            reader.GetFieldValue<DateTimeOffset>(1),
            reader.GetFieldValue<DateTimeOffset>(2));
    }
}
