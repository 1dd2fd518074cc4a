using System.Net;
using System.Net.Http.Json;
using AwesomeAssertions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Platform.ServiceDefaults.Database;
using Platform.ServiceDefaults.Outbox;
using Platform.Testing;

namespace Platform.BillingService.Tests;

[Trait("Category", "Integration")]
public sealed class OutboxTests(PlatformContainers containers)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Invoice_is_created_while_the_queue_is_unreachable_and_its_event_arrives_once_it_is_back()
    {
        // The queue does not exist yet: every SendMessage fails, as during an SQS outage.
        var queueName = $"billing-outage-{Guid.NewGuid():N}";
        using var sqs = containers.CreateSqsClient();
        var probe = await containers.CreateQueueAsync("billing-probe", Ct);
        var queueUrl = probe[..(probe.LastIndexOf('/') + 1)] + queueName;
        await using var host = await BillingHost.StartAsync(containers, Ct, queueUrl);
        using var client = host.Client(Guid.NewGuid());
        using var metrics = new MeterRecorder(host.App.Services);

        using var request = new HttpRequestMessage(HttpMethod.Post, "/billing/invoices")
        {
            Content = JsonContent.Create(new { amountMinor = 99, currency = "GBP", description = "During the outage" }),
        };
        request.Headers.Add("Idempotency-Key", "outage");
        using var created = await client.SendAsync(request, Ct);
        created.StatusCode.Should().Be(HttpStatusCode.Created);

        await Task.Delay(TimeSpan.FromSeconds(2), Ct); // several failed publish attempts
        (await host.ScalarAsync("SELECT count(*) FROM billing.outbox WHERE sent_at IS NULL")).Should().Be(1, "the event waits in the outbox");
        // The control: the publisher did try (and failed) in those 2 s, so "unsent" is the outage, not an idle publisher.
        host.Factory.Logs.Entries.Should().Contain(e => e.Category.EndsWith("OutboxPublisher", StringComparison.Ordinal) && e.Level == LogLevel.Warning);
        // What an alarm on the backlog sees: one row waiting, for about the 2 s of the outage
        metrics.Observe("platform.outbox.waiting").Should().Be(1);
        metrics.Observe("platform.outbox.oldest_age").Should().BeGreaterThan(1);
        metrics.Total("platform.events.published").Should().Be(0);

        await sqs.CreateQueueAsync(queueName, Ct);
        var events = await QueueReader.ReceiveAsync(sqs, queueUrl, 1, TimeSpan.FromSeconds(20), Ct);
        events.Should().ContainSingle().Which.GetProperty("type").GetString().Should().Be("invoice.created");
        // The row is marked right after its batch is sent: a moment after the message can be received.
        (await Eventually.TrueWithinAsync(async () => await host.ScalarAsync("SELECT count(*) FROM billing.outbox WHERE sent_at IS NULL") == 0, TimeSpan.FromSeconds(5), Ct))
            .Should().BeTrue("the sent row is marked");
        metrics.Observe("platform.outbox.waiting").Should().Be(0);
        metrics.Observe("platform.outbox.oldest_age").Should().Be(0);
        metrics.Total("platform.events.published", "event.type=invoice.created").Should().Be(1);
    }

    [Fact]
    public async Task A_rolled_back_change_never_sends_its_event()
    {
        await using var host = await BillingHost.StartAsync(containers, Ct);
        var outbox = host.App.Services.GetRequiredService<IOutbox>();
        await using var connection = new NpgsqlConnection(host.ConnectionString);
        await connection.OpenAsync(Ct);

        await using (var rolledBack = await connection.BeginTransactionAsync(Ct))
        {
            await outbox.EnqueueAsync(rolledBack, "test.rolled_back", new { n = 1 }, Ct);
            await rolledBack.RollbackAsync(Ct);
        }

        await using (var committed = await connection.BeginTransactionAsync(Ct))
        {
            await outbox.EnqueueAsync(committed, "test.committed", new { n = 2 }, Ct);
            await committed.CommitAsync(Ct);
        }

        // The committed event was written after the rolled-back one, and events leave in order: once it has arrived,
        // the other one would have too. Wait a little longer to be sure nothing trails it; the arrival of the committed
        // one is the control that shows the publisher runs and this check can fail.
        using var sqs = containers.CreateSqsClient();
        var events = await QueueReader.ReceiveAsync(sqs, host.QueueUrl, 1, TimeSpan.FromSeconds(20), Ct);
        events.AddRange(await QueueReader.ReceiveAsync(sqs, host.QueueUrl, int.MaxValue, TimeSpan.FromSeconds(2), Ct));
        events.Select(e => e.GetProperty("type").GetString()).Should().Equal("test.committed");
        (await host.ScalarAsync("SELECT count(*) FROM billing.outbox")).Should().Be(1);
    }

    [Fact]
    public async Task EventLeavesOnCommitWithoutWaitingForThePoll()
    {
        // Given a publisher whose safety-net poll is ten minutes away
        await using var host = await StartAsync(options => options.IdleDelay = TimeSpan.FromMinutes(10));
        using var client = host.Client(Guid.NewGuid());
        using var sqs = containers.CreateSqsClient();

        // When an invoice is created
        using var created = await client.SendAsync(InvoiceRequests.Create("wake"), Ct);
        var events = await QueueReader.ReceiveAsync(sqs, host.QueueUrl, 1, TimeSpan.FromSeconds(5), Ct);

        // Then its event leaves at once: the commit's NOTIFY woke the publisher
        created.StatusCode.Should().Be(HttpStatusCode.Created);
        events.Should().ContainSingle().Which.GetProperty("type").GetString().Should().Be("invoice.created");
    }

    [Fact]
    public async Task A_service_write_carries_no_notify_in_its_transaction_and_a_transaction_of_the_callers_own_does()
    {
        // Given billing's outbox, and a listener on its channel
        await using var host = await BillingHost.StartAsync(containers, Ct);
        var outbox = host.App.Services.GetRequiredService<IOutbox>();
        var dataSource = host.App.Services.GetRequiredService<NpgsqlDataSource>();
        await using var listener = new NpgsqlConnection(host.ConnectionString);
        await listener.OpenAsync(Ct);
        var notifications = 0;
        listener.Notification += (_, _) => Interlocked.Increment(ref notifications);
        await using (var listen = new NpgsqlCommand("LISTEN billing_outbox", listener))
        {
            await listen.ExecuteNonQueryAsync(Ct);
        }

        // When a write runs in InTransactionAsync, as every service write does
        var inService = await dataSource.InTransactionAsync((_, _, _) => Task.FromResult(outbox.EnqueueCommands("test.in_service", new { n = 1 })), Ct);
        // And when a caller builds the same write outside it
        var ownTransaction = outbox.EnqueueCommands("test.own", new { n = 2 });

        // Then the service write is the INSERT alone (its wake-up is sent after the commit, OutboxNotifier), the other
        // carries its NOTIFY to be delivered on its commit
        inService.Select(c => c.CommandText).Should().ContainSingle().Which.Should().StartWith("INSERT INTO billing.outbox");
        ownTransaction.Select(c => c.CommandText).Should().HaveCount(2).And.Contain("NOTIFY billing_outbox");
        // And the commit was followed by a wake-up all the same (the control: a notification does arrive)
        (await Eventually.TrueWithinAsync(async () =>
        {
            await listener.WaitAsync(TimeSpan.FromMilliseconds(200), Ct);
            return Volatile.Read(ref notifications) > 0;
        }, TimeSpan.FromSeconds(10), Ct)).Should().BeTrue();
    }

    [Fact]
    public async Task Events_leave_while_requests_hold_every_pooled_connection()
    {
        // Given a publisher whose poll is ten minutes away, and requests holding every connection of billing's pool
        await using var host = await StartAsync(options => options.IdleDelay = TimeSpan.FromMinutes(10));
        var pool = host.App.Services.GetRequiredService<NpgsqlDataSource>();
        var held = new List<NpgsqlConnection>();
        for (var i = 0; i < new NpgsqlConnectionStringBuilder(pool.ConnectionString).MaxPoolSize; i++)
        {
            held.Add(await OpenThroughSlowConnectsAsync(pool));
        }

        try
        {
            var oneMore = () => pool.OpenConnectionAsync(Ct).AsTask();
            (await oneMore.Should().ThrowAsync<NpgsqlException>("the control: the pool is dry")).WithMessage("*pool has been exhausted*");

            // When a row commits in this task, as a request's would
            await host.ScalarAsync("INSERT INTO billing.outbox (event_id, event_type, body) VALUES (gen_random_uuid(), 'test.dry_pool', '{\"type\":\"test.dry_pool\"}') RETURNING 1");
            host.App.Services.GetRequiredService<OutboxNotifier>().Committed();

            // Then its event leaves all the same: the publisher reads and marks on its own session (at 500 invoices/s
            // on the shared pool it fell 16 s behind, docs/performance.md)
            using var sqs = containers.CreateSqsClient();
            var events = await QueueReader.ReceiveAsync(sqs, host.QueueUrl, 1, TimeSpan.FromSeconds(10), Ct);
            events.Should().ContainSingle().Which.GetProperty("type").GetString().Should().Be("test.dry_pool");
            (await Eventually.TrueWithinAsync(async () => await host.ScalarAsync("SELECT count(*) FROM billing.outbox WHERE sent_at IS NULL") == 0, TimeSpan.FromSeconds(10), Ct))
                .Should().BeTrue("the row is marked sent without a pooled connection");
        }
        finally
        {
            foreach (var connection in held)
            {
                await connection.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task RowWrittenWithoutNotifyWaitsForThePollAndLeavesWhenItComes()
    {
        // Given a publisher on a fake clock, seen sending a notified row (so it is now waiting for the next wake-up)
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var poll = TimeSpan.FromSeconds(30);
        await using var host = await StartAsync(options => options.IdleDelay = poll, clock);
        using var sqs = containers.CreateSqsClient();
        await host.ScalarAsync("WITH row AS (INSERT INTO billing.outbox (event_id, event_type, body) VALUES (gen_random_uuid(), 'test.notified', '{\"type\":\"test.notified\"}') RETURNING 1) SELECT pg_notify('billing_outbox', ''), 1");
        (await QueueReader.ReceiveAsync(sqs, host.QueueUrl, 1, TimeSpan.FromSeconds(10), Ct)).Should().ContainSingle();
        await Task.Delay(TimeSpan.FromMilliseconds(500), Ct);

        // When a row is written without NOTIFY (as by a connection that lost it)
        await host.ScalarAsync("INSERT INTO billing.outbox (event_id, event_type, body) VALUES (gen_random_uuid(), 'test.silent', '{\"type\":\"test.silent\"}') RETURNING 1");
        var beforePoll = await QueueReader.ReceiveAsync(sqs, host.QueueUrl, 1, TimeSpan.FromSeconds(1), Ct);
        clock.Advance(poll);
        var afterPoll = await QueueReader.ReceiveAsync(sqs, host.QueueUrl, 1, TimeSpan.FromSeconds(10), Ct);

        // Then it stays until the poll is due, and leaves when it is (the control: the same check, one poll later)
        beforePoll.Should().BeEmpty();
        afterPoll.Should().ContainSingle().Which.GetProperty("type").GetString().Should().Be("test.silent");
    }

    /// <summary>
    /// The request pool bounds a connect at a second (DatabaseOptions.StatementTimeoutSeconds); with four test assemblies
    /// on two cores a fresh connection's SCRAM handshake can take longer than that. A connect that timed out took no place
    /// in the pool, so trying again still ends with exactly MaxPoolSize held.
    /// </summary>
    private async Task<NpgsqlConnection> OpenThroughSlowConnectsAsync(NpgsqlDataSource pool)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await pool.OpenConnectionAsync(Ct);
            }
            catch (NpgsqlException e) when (e.InnerException is TimeoutException && attempt < 5)
            {
            }
        }
    }

    private Task<IsolatedServiceHost<Program>> StartAsync(Action<OutboxOptions> outbox, TimeProvider? clock = null) =>
        IsolatedService.StartAsync<Program>(containers, "billing-outbox", Ct, new IsolatedServiceOptions
        {
            Services = services =>
            {
                services.Configure(outbox);
                if (clock is not null)
                {
                    services.AddSingleton(clock);
                }
            },
        });
}
