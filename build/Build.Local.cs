using BuildCore;
using Platform.Build.Local;
using Platform.Build.Local.Docker;
using Platform.Build.Local.Platform;
using Platform.Build.Local.Smoke;
using Spectre.Console;

// --env local: the pipeline's targets run the whole platform on the local Docker engine instead of AWS
// (services/local-gateway stands in for the ALB). Up and Down exist only here.
partial class Build
{
    const string LocalEnvironment = "local";

    [Parameter("Port on 127.0.0.1 where --env local publishes the gateway (the ALB's stand-in).")]
    readonly int LocalGatewayPort = 8000;

    [Parameter("Seconds --env local waits for every service to answer its deep health check.")]
    readonly int LocalHealthBudgetSeconds = 180;

    bool IsLocal => string.Equals(Env, LocalEnvironment, StringComparison.Ordinal);

    /// <summary>Where ContainerBuild tags local images: the registry named by --registry, else the engine's own store.</summary>
    string LocalImagePrefix => Registry is { Length: > 0 } registry ? $"{registry.TrimEnd('/')}/platform/" : "platform/";

    static Uri LocalDashboardUrl => new LocalPlatformOptions { Tag = "any" }.DashboardUrl;

    Uri LocalBaseUrl => BaseUrl is { Length: > 0 } url ? new Uri(url) : new Uri($"http://127.0.0.1:{LocalGatewayPort}");

    Target Up => _ => _
        .Description("--env local: starts the platform on the local Docker engine, leaves it running and prints its URL.")
        .DependsOn(ContainerBuild)
        .Requires(() => Env)
        .Executes(async ct =>
        {
            EnsureLocal(nameof(Up));
            await DeployLocalAsync(ct);
            Output.WriteLine($"The platform is running at {LocalBaseUrl} — e.g. curl {new Uri(LocalBaseUrl, "/auth/health")}");
            Output.WriteLine($"Traces and metrics: {LocalDashboardUrl} (Aspire dashboard, unsecured: local only)");
            Output.WriteLine("Stop it with ./build.sh Down --env local");
        });

    Target Down => _ => _
        .Description("--env local: removes the local platform's containers, network and volume.")
        .Requires(() => Env)
        .Executes(async ct =>
        {
            EnsureLocal(nameof(Down));
            // Down finds what to remove by label, whatever images it runs: no tag needed.
            await RunLocalAsync(platform => platform.DownAsync(ct), Tag ?? "any");
        });

    async Task DeployLocalAsync(CancellationToken cancellationToken)
    {
        var tag = await ImageTagAsync(cancellationToken);
        await RunLocalAsync(platform => platform.UpAsync(cancellationToken), tag);
    }

    async Task RedeployLocalAsync(CancellationToken cancellationToken)
    {
        var tag = await ImageTagAsync(cancellationToken);
        await RunLocalAsync(platform => platform.RedeployAsync(cancellationToken), tag);
    }

    async Task SmokeTestLocalAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        await TranslatePlatformErrors(async () =>
        {
            var report = await new HealthSmokeTest(http, Log).RunAsync(LocalBaseUrl, TimeSpan.FromSeconds(LocalHealthBudgetSeconds), cancellationToken);
            report.EnsureSuccess();
            var flow = await RunEndToEndFlowAsync(http, LocalBaseUrl, cancellationToken);
            Output.WriteLine("Flow trace in the trace viewer:");
            await new FlowTraceCheck(http, Log).RunAsync(LocalDashboardUrl, flow.TraceId, TimeSpan.FromSeconds(30), cancellationToken);
        });
    }

    LocalPlatform CreateLocalPlatform(string tag) =>
        new(Docker, LocalPlatformOptions.FromEnvironment(tag, EnvironmentVariable) with
        {
            GatewayPort = LocalGatewayPort,
            ImagePrefix = LocalImagePrefix,
            HealthBudget = TimeSpan.FromSeconds(LocalHealthBudgetSeconds),
            SecretsDirectory = ArtifactsDirectory / "local-platform" / "db-roles",
        }, Log);

    Task RunLocalAsync(Func<LocalPlatform, Task> action, string tag) =>
        TranslatePlatformErrors(() => action(CreateLocalPlatform(tag)));

    /// <summary>The local library's failures carry console-ready messages: report them as build errors, without a stack trace.</summary>
    static async Task TranslatePlatformErrors(Func<Task> action)
    {
        try
        {
            await action();
        }
        catch (PlatformException e)
        {
            throw new BuildException(e.Message, e);
        }
    }

    static async Task<T> TranslatePlatformErrorsAsync<T>(Func<Task<T>> action)
    {
        try
        {
            return await action();
        }
        catch (PlatformException e)
        {
            throw new BuildException(e.Message, e);
        }
    }

    void EnsureLocal(string target)
    {
        if (!IsLocal)
            throw new BuildException($"{target} runs the platform on the local Docker engine: use --env local (got --env {Env}). For AWS use DeployStack --env {Env}.");
    }
}
