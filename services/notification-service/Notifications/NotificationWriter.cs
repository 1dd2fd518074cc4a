using Npgsql;

namespace Platform.NotificationService.Notifications;

/// <summary>notify.notifications: one row per event id, so a redelivered event is a no-op.</summary>
internal static class NotificationWriter
{
    private const string InsertMany =
        "INSERT INTO notify.notifications (event_id, user_id, kind) SELECT * FROM unnest($1::text[], $2::uuid[], $3::text[]) " +
        "ON CONFLICT (event_id) DO NOTHING";

    /// <summary>All of a received batch in one statement (one transaction, one commit).</summary>
    public static async Task InsertAsync(NpgsqlDataSource dataSource, IReadOnlyList<NotificationEvent> notifications, CancellationToken cancellationToken)
    {
        await using var insert = dataSource.CreateCommand(InsertMany);
        insert.Parameters.Add(new NpgsqlParameter { Value = notifications.Select(n => n.EventId).ToArray() });
        insert.Parameters.Add(new NpgsqlParameter { Value = notifications.Select(n => n.UserId).ToArray() });
        insert.Parameters.Add(new NpgsqlParameter { Value = notifications.Select(n => n.Type).ToArray() });
        await insert.ExecuteNonQueryAsync(cancellationToken);
    }
}
