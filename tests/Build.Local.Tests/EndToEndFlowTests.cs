using AwesomeAssertions;
using Platform.Build.Local.Smoke;

namespace Platform.Build.Local.Tests;

/// <summary>The flow's own checks, against <see cref="ScriptedPlatformApi"/>: it passes a platform that keeps the contract and names the step that breaks it.</summary>
public sealed class EndToEndFlowTests(ITestOutputHelper output)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_platform_keeping_the_contract_passes_every_step_and_the_password_is_never_printed()
    {
        var api = new ScriptedPlatformApi();
        var log = await RunAsync(api, TimeSpan.FromSeconds(5));

        log.Text.Should().ContainAll("register: 202", "login: 200", "update profile: 200", "read profile: 200", "create invoice: 201",
            "retry invoice (same Idempotency-Key): 201", "list invoices: 200", "pay invoice: 200", "notifications: invoice.created, invoice.paid, user.registered");
        var password = api.Bodies.Select(b => System.Text.Json.Nodes.JsonNode.Parse(b.Length > 0 ? b : "null")?["password"]?.ToString()).First(p => p is not null)!;
        log.Text.Should().NotContain(password);
    }

    [Fact]
    public async Task EveryRequestOfTheFlowIsASampledSpanOfOneTrace()
    {
        var api = new ScriptedPlatformApi();
        await RunAsync(api, TimeSpan.FromSeconds(5));

        // W3C Trace Context: 00-<trace id>-<parent span id>-<flags>; 01 = sampled.
        var parts = api.TraceParents.Select(header => header.Split('-')).ToList();
        parts.Should().HaveCountGreaterThan(8).And.OnlyContain(p => p.Length == 4 && p[0] == "00" && p[3] == "01");
        parts.Select(p => p[1]).Distinct().Should().ContainSingle().Which.Should().MatchRegex("^[0-9a-f]{32}$");
        parts.Select(p => p[2]).Should().OnlyHaveUniqueItems();
    }

    [Fact]
    public async Task A_retry_that_creates_a_second_invoice_fails_at_the_retry()
    {
        var run = () => RunAsync(new ScriptedPlatformApi { HonoursIdempotencyKey = false }, TimeSpan.FromSeconds(5));

        (await run.Should().ThrowAsync<PlatformException>()).WithMessage("retry invoice: expected the first invoice * back, got *");
    }

    [Fact]
    public async Task Notifications_that_never_arrive_fail_after_the_budget_naming_what_is_missing()
    {
        var run = () => RunAsync(new ScriptedPlatformApi { DeliversEvents = false }, TimeSpan.FromSeconds(2));

        (await run.Should().ThrowAsync<PlatformException>())
            .WithMessage("notifications: user.registered, invoice.created, invoice.paid did not all appear within 2 s; listed: []");
    }

    private async Task<TestOutputWriter> RunAsync(ScriptedPlatformApi api, TimeSpan notificationBudget)
    {
        await using var backend = await FakeBackends.StartAsync(["platform"], api.HandleAsync);
        using var http = new HttpClient();
        var log = new TestOutputWriter(output);
        await new EndToEndFlow(http, log).RunAsync(backend.Urls["platform"], notificationBudget, Ct);
        return log;
    }
}
