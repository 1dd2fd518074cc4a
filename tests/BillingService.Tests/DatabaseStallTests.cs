using System.Net;
using AwesomeAssertions;
using Platform.Testing;

namespace Platform.BillingService.Tests;

/// <summary>
/// PostgreSQL frozen (docker pause: connections are accepted, nothing answers) under a running billing-service: an
/// invoice create answers 503 with Retry-After within the deadline plus a little, and once PostgreSQL is back the same
/// request succeeds at once and its idempotent retry returns the first invoice. A container of its own, so the pause
/// disturbs no other test.
/// </summary>
[Trait("Category", "Integration")]
public sealed class DatabaseStallTests(PlatformContainers containers, DedicatedPostgres postgres) : IClassFixture<DedicatedPostgres>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task InvoiceCreateIs503WithinFourSecondsWhilePostgresIsPausedAndSucceedsWithTheSameKeyAfterwards()
    {
        // Given billing with warm pooled connections (the ones a stall leaves hanging)
        var connectionString = postgres.Container.GetConnectionString();
        await using var factory = await DatabaseStall.StartServiceAsync<Program>(containers, postgres.Container, Ct);
        using var client = factory.CreateClientFor(Guid.NewGuid());
        (await TimedResponse.SendAsync(client, InvoiceRequests.Create("warm-up"), Ct)).StatusCode.Should().Be(HttpStatusCode.Created);

        // When PostgreSQL freezes
        var stalled = await DatabaseStall.SendWhilePausedAsync(postgres.Container, client, InvoiceRequests.Create("during-stall"), Ct);

        // And comes back: the same key, at once and then as Retry-After says (409 "still in progress" while the stalled
        // request's transaction is still being rolled back: seen on a loaded machine, 2026-12-01), then once more
        var attempts = await TimedResponse.SendHonoringRetryAfterAsync(client, () => InvoiceRequests.Create("during-stall"), maxAttempts: 4, Ct);
        var retried = attempts[^1];
        var replayed = await TimedResponse.SendAsync(client, InvoiceRequests.Create("during-stall"), Ct);

        // Then
        TestContext.Current.TestOutputHelper?.WriteLine($"FIGURE invoice create with PostgreSQL paused: {stalled}");
        stalled.ShouldBeFastServiceUnavailable();
        retried.StatusCode.Should().Be(HttpStatusCode.Created, string.Join(" then ", attempts));
        replayed.StatusCode.Should().Be(HttpStatusCode.Created, replayed.ToString());
        replayed.Body.Should().Be(retried.Body, "the retry replays the first invoice");
        (await TestDatabase.ScalarAsync(connectionString, "SELECT count(*) FROM billing.invoices WHERE description = 'fault test'")).Should().Be(2, "warm-up and one for the stalled key");
        (await TestDatabase.ScalarAsync(connectionString, "SELECT count(*) FROM billing.outbox")).Should().Be(2, "one event per invoice, none for the 503");
    }
}
