using System.Diagnostics;
using System.Globalization;
using Amazon.ECS;
using Amazon.ECS.Model;
using Amazon.Runtime;
using BuildCore;
using Platform.Build.Deploy.Evidence;
using Task = System.Threading.Tasks.Task;

namespace Platform.Build.Deploy;

/// <summary>
/// Rolls ECS services onto new tasks and waits until each new deployment's rolloutState is COMPLETED. running = desired is
/// not enough: after a circuit-breaker rollback the old tasks are running = desired too. A FAILED deployment, one that
/// vanished (rolled back), or a budget overrun fails with the stopped tasks' reasons.
/// </summary>
/// <param name="evidence">Keeps the failure's evidence (stopped tasks, logs, target health) when a rollout fails or overruns.</param>
public sealed class ServiceRollout(IAmazonECS ecs, TextWriter log, DeployTiming timing, FailureEvidence? evidence = null)
{
    readonly Waiter _waiter = new(log, timing.PollInterval, timing.ProgressInterval);

    /// <summary>UpdateService(forceNewDeployment) for every service at once, then waits for all of them.</summary>
    public async Task ForceNewDeploymentAsync(string cluster, IReadOnlyList<string> services, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        var started = await Task.WhenAll(services.Select(async service =>
        {
            var response = await ecs.UpdateServiceAsync(new UpdateServiceRequest { Cluster = cluster, Service = service, ForceNewDeployment = true }, cancellationToken);
            var deployment = response.Service?.Deployments?.FirstOrDefault(d => d.Status == "PRIMARY")
                ?? throw new BuildException($"ECS answered UpdateService for {service} without a PRIMARY deployment.");
            log.WriteLine($"{service}: rolled (new deployment {deployment.Id})");
            return (Service: service, DeploymentId: deployment.Id!);
        }));
        await WaitAsync(cluster, started.ToDictionary(s => s.Service, s => s.DeploymentId, StringComparer.Ordinal), cancellationToken);
    }

    /// <summary>
    /// The PRIMARY deployment (id, task definition) of each service that exists; an empty answer when the cluster does not
    /// exist yet (a first deploy), so a caller can compare before and after a stack operation.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, (string DeploymentId, string TaskDefinition)>> PrimaryDeploymentsAsync(
        string cluster, IReadOnlyList<string> services, CancellationToken cancellationToken)
    {
        var primaries = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
        foreach (var chunk in services.Chunk(10))
        {
            DescribeServicesResponse response;
            try
            {
                response = await ecs.DescribeServicesAsync(new DescribeServicesRequest { Cluster = cluster, Services = [.. chunk] }, cancellationToken);
            }
            catch (AmazonServiceException e) when (e.ErrorCode == "ClusterNotFoundException")
            {
                return primaries;
            }

            foreach (var service in response.Services ?? [])
            {
                if (service.Deployments?.FirstOrDefault(d => d.Status == "PRIMARY") is { Id: { } id } primary)
                    primaries[service.ServiceName ?? ""] = (id, primary.TaskDefinition ?? "");
            }
        }
        return primaries;
    }

    /// <summary>Waits until each of these deployments is COMPLETED; fails with the stopped tasks' reasons otherwise.</summary>
    public Task WaitForDeploymentsAsync(string cluster, IReadOnlyDictionary<string, string> deployments, CancellationToken cancellationToken) =>
        WaitAsync(cluster, deployments, cancellationToken);

    async Task WaitAsync(string cluster, IReadOnlyDictionary<string, string> deployments, CancellationToken cancellationToken)
    {
        var states = deployments.Keys.ToDictionary(s => s, _ => "IN_PROGRESS", StringComparer.Ordinal);
        var failed = new Dictionary<string, string>(StringComparer.Ordinal);
        var pending = deployments.Keys.ToList();
        DateTime? since = null;
        var started = Stopwatch.StartNew();
        var expectation = timing.Clock.Expect("rollout", TypicalDurations.Rollout);
        try
        {
            await _waiter.UntilAsync($"the ECS deployments of {string.Join(", ", deployments.Keys)} to reach COMPLETED", timing.RolloutBudget, async ct =>
            {
                var described = await DescribeAsync(cluster, pending, ct);
                foreach (var service in pending.ToList())
                {
                    var deployment = described.GetValueOrDefault(service)?.Deployments?.FirstOrDefault(d => d.Id == deployments[service]);
                    if (deployment?.CreatedAt is { } created && (since is null || created < since))
                        since = created;
                    var state = Describe(deployment);
                    if (state != states[service])
                        log.WriteLine($"{service}: {state}");
                    states[service] = state;
                    if (deployment is null || deployment.RolloutState == DeploymentRolloutState.FAILED)
                    {
                        failed[service] = deployment is null
                            ? $"deployment {deployments[service]} is no longer listed (ECS rolled it back)"
                            : $"deployment {deployment.Id} FAILED: {deployment.RolloutStateReason}";
                        pending.Remove(service);
                    }
                    else if (deployment.RolloutState == DeploymentRolloutState.COMPLETED)
                    {
                        pending.Remove(service);
                        timing.Clock.Record($"rollout {service}", started.Elapsed, "rollout");
                    }
                }
                return (pending.Count == 0, true, string.Join("; ", states.Select(s => $"{s.Key} {s.Value}")));
            }, elapsed => DeployClock.Outlook(elapsed, expectation), cancellationToken);
        }
        catch (BuildException overrun) when (pending.Count > 0)
        {
            var message = overrun.Message + await StoppedTasksAsync(cluster, pending.ToDictionary(s => s, s => deployments[s]), cancellationToken);
            throw new BuildException(message + await EvidenceAsync(message, since, cancellationToken), overrun);
        }

        if (failed.Count > 0)
        {
            var reasons = await StoppedTasksAsync(cluster, failed.Keys.ToDictionary(s => s, s => deployments[s]), cancellationToken);
            var message = $"{failed.Count} of {deployments.Count} service(s) did not roll out: " +
                string.Join("; ", failed.Select(f => $"{f.Key}: {f.Value}")) + reasons;
            throw new BuildException(message + await EvidenceAsync(message, since, cancellationToken));
        }
        log.WriteLine($"All {deployments.Count} deployments COMPLETED.");
    }

    async Task<string> EvidenceAsync(string failure, DateTime? since, CancellationToken cancellationToken) =>
        evidence is null ? "" : Environment.NewLine + await evidence.WriteAsync(failure, null, since, cancellationToken);

    static string Describe(Deployment? d) =>
        d is null
            ? "deployment gone (rolled back)"
            : string.Create(CultureInfo.InvariantCulture, $"{d.RolloutState?.Value ?? "?"} ({d.RunningCount ?? 0}/{d.DesiredCount ?? 0} running, {d.PendingCount ?? 0} pending, {d.FailedTasks ?? 0} failed)");

    async Task<Dictionary<string, Service>> DescribeAsync(string cluster, IReadOnlyList<string> services, CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, Service>(StringComparer.Ordinal);
        // DescribeServices takes at most 10 services per call.
        foreach (var chunk in services.Chunk(10))
        {
            var response = await ecs.DescribeServicesAsync(new DescribeServicesRequest { Cluster = cluster, Services = [.. chunk] }, cancellationToken);
            if (response.Failures is { Count: > 0 })
                throw new BuildException($"ECS cluster {cluster}: {string.Join("; ", response.Failures.Select(f => $"{f.Arn} {f.Reason}"))} (are the services deployed? ServicesEnabled=true)");
            foreach (var service in response.Services ?? [])
                result[service.ServiceName ?? ""] = service;
        }
        return result;
    }

    /// <summary>Why the new deployment's tasks stopped: image pull errors, failed health checks, exits.</summary>
    async Task<string> StoppedTasksAsync(string cluster, IReadOnlyDictionary<string, string> deployments, CancellationToken cancellationToken)
    {
        var lines = new List<string>();
        foreach (var (service, deploymentId) in deployments)
        {
            var arns = new List<string>();
            var stopped = ecs.Paginators.ListTasks(new ListTasksRequest { Cluster = cluster, ServiceName = service, DesiredStatus = DesiredStatus.STOPPED }).TaskArns;
            await foreach (var arn in stopped.WithCancellation(cancellationToken))
                arns.Add(arn);

            var tasks = new List<Amazon.ECS.Model.Task>();
            foreach (var chunk in arns.Chunk(100))
                tasks.AddRange((await ecs.DescribeTasksAsync(new DescribeTasksRequest { Cluster = cluster, Tasks = [.. chunk] }, cancellationToken)).Tasks ?? []);
            // ECS starts a deployment's tasks with startedBy = the deployment id.
            var ours = tasks.Where(t => t.StartedBy == deploymentId).ToList();
            foreach (var task in (ours.Count > 0 ? ours : tasks).OrderByDescending(t => t.StoppedAt).Take(5))
            {
                var containers = (task.Containers ?? []).Where(c => !string.IsNullOrEmpty(c.Reason) || c.ExitCode is not null and not 0)
                    .Select(c => $"container {c.Name}: {c.Reason ?? $"exit code {c.ExitCode}"}");
                lines.Add($"  {service} task {task.TaskArn?.Split('/')[^1]}: {task.StoppedReason}" +
                          string.Concat(containers.Select(c => "; " + c)));
            }
            if (tasks.Count == 0)
                lines.Add($"  {service}: no stopped tasks (see the service's events: aws ecs describe-services --cluster {cluster} --services {service})");
        }
        return lines.Count == 0 ? "" : Environment.NewLine + "Stopped tasks:" + Environment.NewLine + string.Join(Environment.NewLine, lines);
    }
}
