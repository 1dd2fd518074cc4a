using Platform.Testing;

namespace Platform.NotificationService.Tests;

public sealed class NotificationPagingTests(PlatformContainers containers, SharedHosts<IsolatedServiceHost<Program>> refusals)
    : PagingTests<Program>(containers, refusals, "notify", "/notify/notifications")
{
    protected override string SeedSql(Guid userId, int count) =>
        "WITH seeded AS (INSERT INTO notify.notifications (event_id, user_id, kind, created_at) " +
        $"SELECT gen_random_uuid()::text, '{userId}', 'invoice.created', CASE WHEN i % 2 = 0 THEN timestamptz '2026-11-01 12:00:00.123456Z' ELSE now() - make_interval(secs => i) END " +
        $"FROM generate_series(1, {count}) AS i RETURNING 1) SELECT count(*) FROM seeded";
}
