extern alias billing;
extern alias notification;

using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using AwesomeAssertions;
using Npgsql;
using Platform.Testing;
using Platform.Testing.Tokens;

namespace Platform.Tracing.Tests;

/// <summary>
/// The must-show of tracing (docs/design/tracing.md): billing-service and notification-service as two processes on one
/// database and one queue, both exporting OTLP/HTTP protobuf to a receiver in this test.
/// </summary>
[Trait("Category", "Integration")]
public sealed class InvoiceTraceTests(PlatformContainers containers)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task OneInvoiceCreateIsOneTraceThroughOutboxQueueAndConsumerInsert()
    {
        // Given billing and notification exporting to the receiver
        await using var receiver = await OtlpReceiver.StartAsync();
        var database = await containers.CreateDatabaseAsync(Ct);
        var connectionString = new NpgsqlConnectionStringBuilder(containers.Postgres.GetConnectionString()) { Database = database }.ConnectionString;
        var settings = ServiceSettings.For(connectionString, containers.SqsEndpoint, await containers.CreateQueueAsync("trace", Ct));
        settings["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.Endpoint;
        settings["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf";
        settings["OTEL_BSP_SCHEDULE_DELAY"] = "100"; // export spans every 100 ms, not every 5 s
        settings["Consumer__WaitTimeSeconds"] = "1"; // a stop waits for the in-flight long poll
        var billingStart = ServiceUnderTest.StartAsync(typeof(billing::Program).Assembly.Location, "/billing", settings, Ct);
        var notificationStart = ServiceUnderTest.StartAsync(typeof(notification::Program).Assembly.Location, "/notify", settings, Ct);
        await using var billingService = await billingStart;
        await using var notificationService = await notificationStart;

        // When one invoice is created
        var user = Guid.NewGuid();
        using var client = new HttpClient { BaseAddress = billingService.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestJwt.Issue(user));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/billing/invoices")
        {
            Content = JsonContent.Create(new { amountMinor = 4200, currency = "EUR", description = "traced" }),
        };
        request.Headers.Add("Idempotency-Key", "trace-1");
        using var created = await client.SendAsync(request, Ct);
        created.StatusCode.Should().Be(HttpStatusCode.Created);

        // Then its spans arrive: the request, the publish, the consume and the consumer's insert
        ReceivedSpan? Server() => receiver.Spans.FirstOrDefault(s => s.Service == "billing-service" && s.Kind == ReceivedSpan.Server && s.Name.StartsWith("POST", StringComparison.Ordinal));
        ReceivedSpan? Insert() => Server() is { } server
            ? receiver.Spans.FirstOrDefault(s => s.TraceId == server.TraceId && s.Service == "notification-service" && Statement(s).Contains("INSERT INTO notify.notifications", StringComparison.Ordinal))
            : null;
        // A child may be exported before its parent (two processes, each batching): wait for the chain up from the insert.
        bool Arrived(string spanId) => receiver.Spans.Any(s => s.SpanId == spanId);
        var arrived = await Eventually.TrueWithinAsync(
            () => Task.FromResult(Insert() is { } insert && receiver.Spans.FirstOrDefault(s => s.SpanId == insert.ParentSpanId) is { } parent && Arrived(parent.ParentSpanId)),
            TimeSpan.FromSeconds(30),
            Ct);
        arrived.Should().BeTrue($"the consumer's insert reaches the receiver in the invoice's trace; spans seen: {Describe(receiver.Spans)}\nnotification output: {notificationService.Output}");

        var server = Server()!;
        var trace = receiver.Spans.Where(s => s.TraceId == server.TraceId).ToList();
        var publish = trace.Should().ContainSingle(s => s.Service == "billing-service" && s.Kind == ReceivedSpan.Producer, Describe(trace)).Subject;
        var consume = trace.Should().ContainSingle(s => s.Service == "notification-service" && s.Kind == ReceivedSpan.Consumer, Describe(trace)).Subject;
        var insert = Insert()!;

        // One chain: request → (the outbox row) → publish → (the message's traceparent) → consume → insert
        publish.ParentSpanId.Should().NotBeEmpty();
        trace.Should().Contain(s => s.SpanId == publish.ParentSpanId && s.Service == "billing-service", "the publish continues the request's context stored in the outbox row");
        publish.Attributes["event.type"].Should().Be("invoice.created");
        consume.ParentSpanId.Should().Be(publish.SpanId, "the consumer continues the traceparent the message carried");
        consume.Attributes["event.type"].Should().Be("invoice.created");
        insert.ParentSpanId.Should().Be(consume.SpanId);
        trace.Should().Contain(s => s.Service == "billing-service" && Statement(s).Contains("INSERT INTO billing.invoices", StringComparison.Ordinal), "Npgsql's spans of the request's own write");

        // And the consume of this event happened in no other trace
        receiver.Spans.Where(s => s.Service == "notification-service" && s.Kind == ReceivedSpan.Consumer).Should().ContainSingle();

        // And billing's JSON request log line names the request's span
        var requestLine = billingService.Output.Split('\n')
            .Where(line => line.StartsWith('{'))
            .Select(line => JsonDocument.Parse(line).RootElement)
            .Should().ContainSingle(line => line.GetProperty("Category").GetString()!.EndsWith("RequestLogMiddleware", StringComparison.Ordinal)
                && line.GetProperty("Message").GetString()!.StartsWith("POST", StringComparison.Ordinal)).Subject;
        requestLine.GetProperty("trace_id").GetString().Should().Be(server.TraceId);
        requestLine.GetProperty("span_id").GetString().Should().Be(server.SpanId);
    }

    private static string Statement(ReceivedSpan span) =>
        span.Attributes.GetValueOrDefault("db.query.text") ?? span.Attributes.GetValueOrDefault("db.statement") ?? "";

    private static string Describe(IEnumerable<ReceivedSpan> spans) =>
        string.Join("\n", spans.Select(s => $"{s.Service} {s.TraceId}/{s.SpanId}<-{s.ParentSpanId} kind {s.Kind} {s.Name} {Statement(s)}"));
}
