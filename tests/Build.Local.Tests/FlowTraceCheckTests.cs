using System.Diagnostics;
using System.Text.Json.Nodes;
using AwesomeAssertions;
using Microsoft.AspNetCore.Http;
using Platform.Build.Local.Smoke;

namespace Platform.Build.Local.Tests;

/// <summary>
/// The smoke test's trace check against a stand-in for the Aspire dashboard's <c>GET /api/telemetry/traces/{traceId}</c>,
/// answering in the shape the real one does (OTLP JSON under <c>data.resourceSpans</c>, as seen from dashboard 13.6.5).
/// </summary>
public sealed class FlowTraceCheckTests(ITestOutputHelper output)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ATraceWithSpansOfThreeServicesPassesAndNamesThem()
    {
        var trace = ActivityTraceId.CreateRandom();
        await using var dashboard = await FakeBackends.StartAsync(["dashboard"], (_, context) => AnswerAsync(context, trace, "auth-service", "billing-service", "notification-service", "billing-service"));
        using var http = new HttpClient();

        var services = await new FlowTraceCheck(http, new TestOutputWriter(output)).RunAsync(dashboard.Urls["dashboard"], trace, TimeSpan.FromSeconds(5), Ct);

        services.Should().Equal("auth-service", "billing-service", "notification-service");
    }

    [Fact]
    public async Task ATraceThatNeverReachesThreeServicesFailsAfterTheBudgetSayingWhatItSaw()
    {
        var trace = ActivityTraceId.CreateRandom();
        await using var dashboard = await FakeBackends.StartAsync(["dashboard"], (_, context) => AnswerAsync(context, trace, "auth-service", "notification-service"));
        using var http = new HttpClient();

        var run = () => new FlowTraceCheck(http, new TestOutputWriter(output)).RunAsync(dashboard.Urls["dashboard"], trace, TimeSpan.FromSeconds(1), Ct);

        (await run.Should().ThrowAsync<PlatformException>())
            .WithMessage($"flow trace: {trace} has spans from 2 service(s) [auth-service, notification-service] after 1 s, expected at least 3");
    }

    /// <summary>Spans of <paramref name="services"/> for the asked trace; any other trace id is the dashboard's 404 with <c>{}</c>.</summary>
    private static async Task AnswerAsync(HttpContext context, ActivityTraceId trace, params string[] services)
    {
        if (context.Request.Path != $"/api/telemetry/traces/{trace}")
        {
            context.Response.StatusCode = 404;
            await context.Response.WriteAsync("{}");
            return;
        }

        var resourceSpans = new JsonArray([.. services.Select(service => (JsonNode)new JsonObject
        {
            ["scopeSpans"] = new JsonArray(new JsonObject
            {
                ["scope"] = new JsonObject { ["name"] = "Microsoft.AspNetCore" },
                ["spans"] = new JsonArray(new JsonObject { ["traceId"] = trace.ToString(), ["spanId"] = ActivitySpanId.CreateRandom().ToString(), ["name"] = "span", ["kind"] = 2 }),
            }),
            ["resource"] = new JsonObject
            {
                ["attributes"] = new JsonArray(new JsonObject { ["key"] = "service.name", ["value"] = new JsonObject { ["stringValue"] = service } }),
            },
        })]);
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(new JsonObject { ["data"] = new JsonObject { ["resourceSpans"] = resourceSpans }, ["totalCount"] = 1, ["returnedCount"] = 1 }.ToJsonString());
    }
}
