using Platform.Testing;

namespace Platform.BillingService.Tests;

public sealed class InvoicePagingTests(PlatformContainers containers, SharedHosts<IsolatedServiceHost<Program>> refusals)
    : PagingTests<Program>(containers, refusals, "billing", "/billing/invoices")
{
    protected override string SeedSql(Guid userId, int count) =>
        "WITH seeded AS (INSERT INTO billing.invoices (user_id, amount_minor, currency, description, created_at) " +
        $"SELECT '{userId}', i, 'EUR', 'seeded ' || i, CASE WHEN i % 2 = 0 THEN timestamptz '2026-11-01 12:00:00.123456Z' ELSE now() - make_interval(secs => i) END " +
        $"FROM generate_series(1, {count}) AS i RETURNING 1) SELECT count(*) FROM seeded";
}
