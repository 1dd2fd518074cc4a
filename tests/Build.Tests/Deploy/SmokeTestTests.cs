using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BuildTests.Deploy;

public sealed class SmokeTestTests
{
    [Fact]
    public async Task HealthyServicesPrintATableThenTheEndToEndFlowRunsAndNamesItsFailingStep()
    {
        // Healthy, but no API behind the health endpoints: the flow must catch what health alone cannot.
        await using var site = await StartAsync(path => path.EndsWith("/health", StringComparison.Ordinal)
            ? (200, """{"status":"ok","checks":{"db_tcp":true,"sqs_access":true}}""")
            : (404, """{"title":"Not Found"}"""));
        await using var harness = await DeployHarness.StartAsync();

        var (exitCode, output) = await harness.RunAsync($"SmokeTest --skip --env dev --base-url {site.Urls.First()}");

        Assert.Equal(1, exitCode);
        Assert.Matches(@"service\s+endpoint\s+result\s+status\s+tries\s+time", output);
        foreach (var path in new[] { "/auth/health", "/users/health", "/billing/health", "/notify/health" })
            Assert.Matches($@"{path}\s+ok\s+200", output);
        OutputAssert.Contains("End-to-end flow:", output);
        OutputAssert.Contains("register: POST /auth/register answered 404: {\"title\":\"Not Found\"}", output);
        Assert.Equal(0, harness.Aws.RequestCount);
    }

    [Fact]
    public async Task AnUnhealthyServiceFailsNamingItAndItsLastResponse()
    {
        await using var site = await StartAsync(path => path.StartsWith("/billing", StringComparison.Ordinal)
            ? (503, """{"status":"degraded","checks":{"db_tcp":false}}""")
            : (200, """{"status":"ok"}"""));
        await using var harness = await DeployHarness.StartAsync();

        var (exitCode, output) = await harness.RunAsync($"SmokeTest --skip --env dev --base-url {site.Urls.First()} --smoke-test-budget-seconds 1");

        Assert.Equal(1, exitCode);
        Assert.Matches(@"/billing/health\s+FAILED\s+503", output);
        OutputAssert.Contains("billing-service /billing/health last answered: 503 {\"status\":\"degraded\",\"checks\":{\"db_tcp\":false}}", output);
    }

    [Fact]
    public async Task A200WithoutTheJsonStatusIsNotHealthy()
    {
        await using var site = await StartAsync(_ => (200, "<html>default page</html>"));
        await using var harness = await DeployHarness.StartAsync();

        var (exitCode, output) = await harness.RunAsync($"SmokeTest --skip --env dev --base-url {site.Urls.First()} --smoke-test-budget-seconds 1");

        Assert.Equal(1, exitCode);
        OutputAssert.Contains("auth-service /auth/health last answered: 200 <html>default page</html>", output);
    }

    [Fact]
    public async Task WithoutABaseUrlTheStacksAlbDnsNameIsUsed()
    {
        await using var harness = await DeployHarness.StartAsync();
        harness.Aws.CloudFormation.AddStack("dev-microservices-platform", "UPDATE_COMPLETE", outputs: new Dictionary<string, string> { ["AlbDnsName"] = "alb.invalid" });

        var (exitCode, output) = await harness.RunAsync("SmokeTest --skip --env dev --smoke-test-budget-seconds 1");

        Assert.Equal(1, exitCode);
        OutputAssert.Contains("Smoke test against https://alb.invalid/", output);
        OutputAssert.Contains("smoke test failed at https://alb.invalid/", output);
    }

    static async Task<WebApplication> StartAsync(Func<string, (int Status, string Body)> answer)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.Run(async context =>
        {
            var (status, body) = answer(context.Request.Path.Value ?? "");
            context.Response.StatusCode = status;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(body);
        });
        await app.StartAsync(TestContext.Current.CancellationToken);
        return app;
    }
}
