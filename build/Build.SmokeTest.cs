using System.Net.Security;
using BuildCore;
using Spectre.Console;
using Platform.Build.Deploy;
using Platform.Build.Local.Smoke;

partial class Build
{
    [Parameter("Base URL the smoke test calls, e.g. https://dev.example.com. Default: https://<AlbDnsName> from the stack's outputs.")]
    readonly string? BaseUrl;

    [Parameter("Seconds the smoke test retries the health endpoints before it fails.")]
    readonly int SmokeTestBudgetSeconds = 120;

    Target SmokeTest => _ => _
        .Description("Calls the four deep health endpoints (retried within a budget), then runs the end-to-end flow across the services.")
        .DependsOn(ForceRedeploy)
        .Requires(() => Env)
        .RequiresWhen(() => !IsLocal && string.IsNullOrEmpty(BaseUrl), "--env is not local and there is no --base-url", () => Region)
        .Validates(CheckSmokeInputs)
        .Executes(async ct =>
        {
            if (IsLocal)
            {
                await SmokeTestLocalAsync(ct);
                return;
            }

            var (baseUrl, fromAlb) = await SmokeBaseUrlAsync(ct);
            Output.WriteLine($"Smoke test against {baseUrl}");
            using var handler = new SocketsHttpHandler();
            if (fromAlb)
            {
                // The certificate names your domain, not the ALB's generated name: accept exactly that mismatch, nothing else.
                handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, errors) =>
                    errors is SslPolicyErrors.None or SslPolicyErrors.RemoteCertificateNameMismatch;
            }
            using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(10) };
            await TranslatePlatformErrors(async () =>
            {
                var report = await new HealthSmokeTest(http, Log).RunAsync(baseUrl, TimeSpan.FromSeconds(SmokeTestBudgetSeconds), ct);
                report.EnsureSuccess();
                await RunEndToEndFlowAsync(http, baseUrl, ct);
            });
        });

    [Parameter("Seconds the end-to-end flow waits for the notifications of its events to appear.")]
    readonly int NotificationBudgetSeconds = 60;

    /// <summary>Health alone does not prove the services talk to each other: register, sign in, bill, pay, be notified.</summary>
    async Task RunEndToEndFlowAsync(HttpClient http, Uri baseUrl, CancellationToken cancellationToken)
    {
        Output.WriteLine("End-to-end flow:");
        await new EndToEndFlow(http, Log).RunAsync(baseUrl, TimeSpan.FromSeconds(NotificationBudgetSeconds), cancellationToken);
        Output.WriteLine("End-to-end flow passed.");
    }

    async Task<(Uri Url, bool FromAlb)> SmokeBaseUrlAsync(CancellationToken cancellationToken)
    {
        if (BaseUrl is { Length: > 0 } url)
            return (new Uri(url.EndsWith('/') ? url : url + "/"), false);

        string? dns = null;
        await WithAwsAsync(async aws =>
        {
            var stack = await new StackDeployer(aws.CreateCloudFormation(), Log, Timing).DescribeAsync(ResolvedStackName, cancellationToken)
                ?? throw new BuildException($"Stack {ResolvedStackName} does not exist: deploy it first, or pass --base-url.");
            dns = StackDeployer.OutputsOf(stack).GetValueOrDefault("AlbDnsName");
        });
        return dns is { Length: > 0 }
            ? (new Uri($"https://{dns}/"), true)
            : throw new BuildException($"Stack {ResolvedStackName} has no AlbDnsName output: pass --base-url.");
    }

    void CheckSmokeInputs()
    {
        if (BaseUrl is { Length: > 0 } url && (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
            throw new BuildException($"--base-url '{url}' is not an absolute http(s) URL.");
        if (!IsLocal)
            CheckDeployInputs();
    }
}
