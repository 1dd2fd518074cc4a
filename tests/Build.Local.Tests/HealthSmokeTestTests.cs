using AwesomeAssertions;
using Microsoft.AspNetCore.Http;
using Platform.Build.Local.Platform;
using Platform.Build.Local.Smoke;

namespace Platform.Build.Local.Tests;

/// <summary>The smoke test against one fake backend on 127.0.0.1 that answers for every path.</summary>
public class HealthSmokeTestTests
{
    [Fact]
    public async Task ASlowStarterIsRetriedAndAServiceNeverOkFailsNamingItsLastResponse()
    {
        // Given: auth degraded twice then ok; billing ok but not JSON "ok"; the rest ok
        var ct = TestContext.Current.CancellationToken;
        var authCalls = 0;
        await using var backend = await FakeBackends.StartAsync(["all"], async (_, context) =>
        {
            var path = context.Request.Path.Value!;
            if (path == "/auth/health" && Interlocked.Increment(ref authCalls) <= 2)
            {
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                await context.Response.WriteAsync("""{"status":"degraded","checks":{"db_tcp":false}}""", ct);
                return;
            }

            await context.Response.WriteAsync(path == "/billing/health" ? """{"status":"starting"}""" : """{"status":"ok","checks":{}}""", ct);
        });
        using var http = new HttpClient();
        using var log = new StringWriter();

        // When
        var report = await new HealthSmokeTest(http, log).RunAsync(backend.Urls["all"], TimeSpan.FromSeconds(4), ct);

        // Then
        report.Results.Select(r => (r.Service, r.Passed)).Should().Equal(
            ("auth-service", true), ("user-service", true), ("billing-service", false), ("notification-service", true));
        report.Results[0].Attempts.Should().Be(3);
        report.Results[2].Attempts.Should().BeGreaterThan(2, "a failing endpoint is retried until the budget is spent");
        log.ToString().Should().Contain("billing-service       /billing/health     FAILED  200");
        var ensure = report.EnsureSuccess;
        ensure.Should().Throw<PlatformException>().WithMessage("""smoke test failed at *: billing-service /billing/health last answered: 200 {"status":"starting"}""");
    }

    [Theory]
    [InlineData("""{"status":"ok"}""", true)]
    [InlineData("""{"status":"ok","checks":{"db_tcp":true}}""", true)]
    [InlineData("""{"status":"degraded"}""", false)]
    [InlineData("""["ok"]""", false)]
    [InlineData("ok", false)]
    [InlineData("", false)]
    public void OnlyAJsonStatusOkCounts(string body, bool ok)
    {
        HealthProbe.IsOk(body).Should().Be(ok);
    }

    [Fact]
    public async Task AWaitPastItsBudgetNamesWhatItWaitedForAndTheLastState()
    {
        using var log = new StringWriter();
        var polls = 0;

        var wait = () => Wait.UntilAsync("auth-service", _ => Task.FromResult(new Probe(false, $"503 poll {++polls}")), TimeSpan.FromMilliseconds(300), log,
            message => Task.FromResult(message + " | last log lines"), TimeSpan.FromMilliseconds(50), TestContext.Current.CancellationToken);

        (await wait.Should().ThrowAsync<PlatformException>()).Which.Message.Should().MatchRegex(@"^Gave up waiting for auth-service after 300 ms \(the budget\); last state seen: 503 poll \d+\. \| last log lines$");
        polls.Should().BeGreaterThan(2);
    }
}
