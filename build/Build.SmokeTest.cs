using BuildCore;
using Spectre.Console;
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
        .Executes(ct => Platform.SmokeTestAsync(ct));

    [Parameter("Seconds the end-to-end flow waits for the notifications of its events to appear.")]
    readonly int NotificationBudgetSeconds = 60;

    /// <summary>Health alone does not prove the services talk to each other: register, sign in, bill, pay, be notified.</summary>
    async Task<EndToEndFlow> RunEndToEndFlowAsync(HttpClient http, Uri baseUrl, CancellationToken cancellationToken)
    {
        Output.WriteLine("End-to-end flow:");
        var flow = new EndToEndFlow(http, Log);
        await flow.RunAsync(baseUrl, TimeSpan.FromSeconds(NotificationBudgetSeconds), cancellationToken);
        Output.WriteLine("End-to-end flow passed.");
        return flow;
    }

    void CheckSmokeInputs()
    {
        if (BaseUrl is { Length: > 0 } url && (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
            throw new BuildException($"--base-url '{url}' is not an absolute http(s) URL.");
        CheckDeployInputs();
    }
}
