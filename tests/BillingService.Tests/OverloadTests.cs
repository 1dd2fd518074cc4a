using System.Net;
using AwesomeAssertions;
using Npgsql;
using Platform.ServiceDefaults.Configuration;
using Platform.Testing;

namespace Platform.BillingService.Tests;

/// <summary>
/// More concurrent invoice creates than the pool has connections: whoever cannot get one in time is told 503 (retry),
/// nobody gets a 500, and every 201 is exactly one invoice in the database.
/// </summary>
[Trait("Category", "Integration")]
public sealed class OverloadTests(PlatformContainers containers)
{
    // 54 connections for 4 services of 1 task, less 10 reserved, less 1 listener each: a pool of 10 (ConnectionBudget).
    private const string PoolOfTen = "54/1";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TwoHundredConcurrentCreatesOnAPoolOfTenAreEach201Or503AndTheCountMatches()
    {
        await using var host = await StartAsync(deadlineSeconds: "2");
        using var client = host.Client(Guid.NewGuid());

        var responses = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => TimedResponse.SendAsync(client, InvoiceRequests.Create($"burst-{i}"), Ct)));

        var created = responses.Count(r => r.StatusCode == HttpStatusCode.Created);
        TestContext.Current.TestOutputHelper?.WriteLine("FIGURE 200 concurrent creates on a pool of 10: " +
            string.Join(", ", responses.GroupBy(r => (int)r.StatusCode).OrderBy(g => g.Key).Select(g => $"{g.Key} x{g.Count()}")));
        responses.Should().OnlyContain(r => r.StatusCode == HttpStatusCode.Created || r.StatusCode == HttpStatusCode.ServiceUnavailable);
        responses.Where(r => r.StatusCode == HttpStatusCode.ServiceUnavailable)
            .Should().OnlyContain(r => r.MediaType == "application/problem+json" && r.RetryAfter != null);
        (await host.ScalarAsync("SELECT count(*) FROM billing.invoices")).Should().Be(created);
        (await host.ScalarAsync("SELECT count(*) FROM billing.idempotency_keys")).Should().Be(created);
        (await host.ScalarAsync("SELECT count(*) FROM billing.outbox")).Should().Be(created);
    }

    [Fact]
    public async Task CreatesThatCannotGetAConnectionInTimeAre503AndSucceedWithTheSameKeyOnceThePoolFrees()
    {
        // Given a pool of 10 whose connections all block behind a lock the test holds
        await using var host = await StartAsync(deadlineSeconds: "2");
        using var client = host.Client(Guid.NewGuid());
        await using var blocker = new NpgsqlConnection(host.ConnectionString);
        await blocker.OpenAsync(Ct);
        await using var transaction = await blocker.BeginTransactionAsync(Ct);
        await using (var lockTable = new NpgsqlCommand("LOCK TABLE billing.invoices IN EXCLUSIVE MODE", blocker, transaction))
        {
            await lockTable.ExecuteNonQueryAsync(Ct);
        }

        // When 30 creates arrive
        var blocked = await Task.WhenAll(Enumerable.Range(0, 30).Select(i => TimedResponse.SendAsync(client, InvoiceRequests.Create($"held-{i}"), Ct)));
        await transaction.RollbackAsync(Ct);
        // And are sent again with the same keys at once, then as Retry-After says: a key can still be held for a moment
        // by a request that answered 503 before its cancel reached PostgreSQL (409, seen on a loaded machine 2026-12-01)
        var retried = await Task.WhenAll(Enumerable.Range(0, 30).Select(i =>
            TimedResponse.SendHonoringRetryAfterAsync(client, () => InvoiceRequests.Create($"held-{i}"), maxAttempts: 4, Ct)));

        // Then all are 503 within the deadline and a little, and the retries with the same keys all succeed
        blocked.Should().OnlyContain(r => r.StatusCode == HttpStatusCode.ServiceUnavailable && r.RetryAfter != null, string.Join("; ", blocked.Take(3)));
        blocked.Max(r => r.Elapsed).Should().BeLessThan(TimeSpan.FromSeconds(4));
        TestContext.Current.TestOutputHelper?.WriteLine($"FIGURE keys retried more than once after the pool freed: {retried.Count(r => r.Count > 1)} of 30");
        retried.Select(r => r[^1]).Should().OnlyContain(r => r.StatusCode == HttpStatusCode.Created,
            string.Join("; ", retried.Where(r => r[^1].StatusCode != HttpStatusCode.Created).Take(3).Select(r => string.Join(" then ", r))));
        (await host.ScalarAsync("SELECT count(*) FROM billing.invoices")).Should().Be(30);
    }

    private Task<IsolatedServiceHost<Program>> StartAsync(string deadlineSeconds) =>
        IsolatedService.StartAsync<Program>(containers, "billing-load", Ct, new IsolatedServiceOptions
        {
            Settings = settings =>
            {
                settings[EnvironmentVariables.DbPoolBudget] = PoolOfTen;
                settings[EnvironmentVariables.DbDeadlineSeconds] = deadlineSeconds;
            },
        });
}
