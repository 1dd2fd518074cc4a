using System.Net;
using System.Net.Http.Json;
using AwesomeAssertions;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
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

        using var request = new HttpRequestMessage(HttpMethod.Post, "/billing/invoices")
        {
            Content = JsonContent.Create(new { amountMinor = 99, currency = "GBP", description = "During the outage" }),
        };
        request.Headers.Add("Idempotency-Key", "outage");
        using var created = await client.SendAsync(request, Ct);
        created.StatusCode.Should().Be(HttpStatusCode.Created);

        await Task.Delay(TimeSpan.FromSeconds(2), Ct); // several failed publish attempts
        (await host.ScalarAsync("SELECT count(*) FROM billing.outbox WHERE sent_at IS NULL")).Should().Be(1, "the event waits in the outbox");

        await sqs.CreateQueueAsync(queueName, Ct);
        var events = await QueueReader.ReceiveAsync(sqs, queueUrl, 1, TimeSpan.FromSeconds(20), Ct);
        events.Should().ContainSingle().Which.GetProperty("type").GetString().Should().Be("invoice.created");
        (await host.ScalarAsync("SELECT count(*) FROM billing.outbox WHERE sent_at IS NULL")).Should().Be(0);
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
        // the other one would have too. Wait a little longer to be sure nothing trails it.
        using var sqs = containers.CreateSqsClient();
        var events = await QueueReader.ReceiveAsync(sqs, host.QueueUrl, 1, TimeSpan.FromSeconds(20), Ct);
        events.AddRange(await QueueReader.ReceiveAsync(sqs, host.QueueUrl, int.MaxValue, TimeSpan.FromSeconds(2), Ct));
        events.Select(e => e.GetProperty("type").GetString()).Should().Equal("test.committed");
        (await host.ScalarAsync("SELECT count(*) FROM billing.outbox")).Should().Be(1);
    }
}
