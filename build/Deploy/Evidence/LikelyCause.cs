using System.Globalization;

namespace Platform.Build.Deploy.Evidence;

/// <summary>
/// The most likely cause of a service's failed rollout, read from its stopped tasks and target health, with the command that
/// shows more. The kinds and their usual causes follow AWS's "Amazon ECS stopped task error codes" and "Health checks for
/// Application Load Balancer target groups".
/// </summary>
public sealed record LikelyCause(LikelyCauseKind Kind, string Cause, string Evidence, string NextStep, string Command)
{
    /// <summary>Reads the evidence; tasks stopped by a normal replacement ("Scaling activity") say nothing about a failure.</summary>
    public static LikelyCause Of(ServiceEvidence service, string cluster)
    {
        ArgumentNullException.ThrowIfNull(service);
        var failed = service.StoppedTasks.Where(t => KindOf(t) is not null).ToList();
        if (failed.Count > 0)
        {
            // The commonest kind among the failed tasks; on a tie, the one that stops a task earliest.
            var kind = failed.GroupBy(t => KindOf(t)!.Value).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).First();
            var example = kind.First();
            return Explain(kind.Key, service, example, kind.Count(), failed.Count, cluster);
        }

        if (UnhealthyTargets(service).FirstOrDefault() is { } unhealthy)
            return Explain(LikelyCauseKind.HealthChecks, service, null, 0, 0, cluster, unhealthy);

        var deployment = service.Described?.Deployments?.FirstOrDefault(d => d.RolloutState?.Value == "FAILED");
        return deployment is not null
            ? new LikelyCause(LikelyCauseKind.Unknown, "unknown: no stopped task says why",
                $"deployment {deployment.Id} FAILED ({deployment.RolloutStateReason}) but no task of it stopped with a reason.",
                "Read the service's events.", $"aws ecs describe-services --cluster {cluster} --services {service.Service} --query 'services[0].events[:10]'")
            : new LikelyCause(LikelyCauseKind.None, "no failure seen", "no task stopped with an error since the operation began and no target is unhealthy.",
                "Nothing to do for this service.", $"aws ecs describe-services --cluster {cluster} --services {service.Service}");
    }

    static LikelyCauseKind? KindOf(StoppedTaskEvidence evidence)
    {
        var task = evidence.Task;
        var reasons = string.Join(" ", new[] { task.StoppedReason }.Concat((task.Containers ?? []).Select(c => c.Reason)).OfType<string>());
        if (reasons.Contains("CannotPullContainerError", StringComparison.Ordinal))
            return LikelyCauseKind.ImagePull;
        if (reasons.Contains("ResourceInitializationError", StringComparison.Ordinal))
            return LikelyCauseKind.ResourceInitialization;
        // ECS stops an unhealthy task itself: its exit code (SIGTERM 143, or 137 after the stop timeout) is a consequence.
        if (task.StoppedReason?.Contains("ELB health checks", StringComparison.Ordinal) == true)
            return LikelyCauseKind.HealthChecks;
        if (reasons.Contains("OutOfMemory", StringComparison.OrdinalIgnoreCase) || (task.Containers ?? []).Any(c => c.ExitCode == 137))
            return LikelyCauseKind.Memory;
        if ((task.Containers ?? []).Any(c => c.ExitCode is not null and not 0) && task.StopCode != "ServiceSchedulerInitiated")
            return LikelyCauseKind.ProcessExited;
        return task.StopCode == "TaskFailedToStart" ? LikelyCauseKind.ResourceInitialization : null;
    }

    static IEnumerable<UnhealthyTarget> UnhealthyTargets(ServiceEvidence service) =>
        service.TargetGroups.SelectMany(g => g.Targets.Where(t => t.TargetHealth?.Reason?.Value is "Target.FailedHealthChecks" or "Target.Timeout" or "Target.ResponseCodeMismatch")
            .Select(t => new UnhealthyTarget(g, t)));

    sealed record UnhealthyTarget(TargetGroupEvidence Group, Amazon.ElasticLoadBalancingV2.Model.TargetHealthDescription Target);

    static LikelyCause Explain(
        LikelyCauseKind kind, ServiceEvidence service, StoppedTaskEvidence? example, int count, int failed, string cluster,
        UnhealthyTarget? unhealthyTarget = null)
    {
        var task = example?.Task;
        var container = task?.Containers?.FirstOrDefault(c => c.ExitCode is not null || c.Reason is not null) ?? task?.Containers?.FirstOrDefault();
        var share = string.Create(CultureInfo.InvariantCulture, $"{count} of the {failed} failed task(s)");
        var describeTask = $"aws ecs describe-tasks --cluster {cluster} --tasks {example?.TaskId}";
        var logCommand = example?.LogStream is { } stream
            ? $"aws logs get-log-events --log-group-name {example.LogGroup} --log-stream-name {stream} --limit 50"
            : describeTask;
        switch (kind)
        {
            case LikelyCauseKind.ImagePull:
                return new LikelyCause(kind, "the image or its platform",
                    $"{share} stopped with CannotPullContainerError: {container?.Reason ?? task?.StoppedReason}",
                    "Check that the image exists in the registry (tag or digest) with a linux/amd64 image, and that the execution role may pull it.",
                    ImageCommand(container?.Image));
            case LikelyCauseKind.ResourceInitialization:
                return new LikelyCause(kind, "secrets, KMS or the network route (NAT) the task needs before it starts",
                    $"{share} failed to start: {task?.StoppedReason}",
                    "Check the secrets and parameters the task definition references, the execution role's kms:Decrypt, and the private subnets' route to the NAT gateway.",
                    describeTask);
            case LikelyCauseKind.Memory:
                return new LikelyCause(kind, "memory: the container was killed for using more than its limit",
                    $"{share} exited with code {container?.ExitCode}{(container?.Reason is { } r ? $" ({r})" : "")}.",
                    "Raise the task's Memory or find what grows in the last log lines.",
                    logCommand);
            case LikelyCauseKind.HealthChecks:
                var target = unhealthyTarget ?? UnhealthyTargets(service).FirstOrDefault();
                var group = target?.Group.Group ?? (service.TargetGroups.Count > 0 ? service.TargetGroups[0].Group : null);
                var health = target?.Target.TargetHealth is { } h
                    ? $" The load balancer reports {h.State?.Value} ({h.Reason?.Value}: {h.Description})."
                    : UnhealthyEvent(service) is { } seen ? $" ECS saw the target unhealthy ({ReasonCode(seen)}: {seen})." : "";
                var check = group is null ? "" : $" The target group checks {group.HealthCheckPath} on port {group.HealthCheckPort ?? "traffic-port"} ({group.Port}).";
                return new LikelyCause(kind, "failed load balancer health checks: the path, the port or the start-up time",
                    (task is null ? "No task stopped yet." : $"{share} were stopped by ECS: {task.StoppedReason}.") + health + check,
                    "Check that the container answers 200 on that path and port, and that it starts within the health check grace period (HealthCheckGracePeriodSeconds).",
                    group?.TargetGroupArn is { } arn ? $"aws elbv2 describe-target-health --target-group-arn {arn}" : describeTask);
            default:
                return new LikelyCause(kind, string.Create(CultureInfo.InvariantCulture, $"the process exited with code {container?.ExitCode}"),
                    $"{share} stopped: {task?.StoppedReason}{(container?.Reason is { } reason ? $" ({reason})" : "")}.",
                    "Read the last log lines for the error the process printed before it exited.",
                    logCommand);
        }
    }

    /// <summary>
    /// Once ECS has stopped an unhealthy task its target only drains; the health check's answer survives in the service's event
    /// "(task …) (port …) is unhealthy in (target-group …) due to (reason …)".
    /// </summary>
    static string? UnhealthyEvent(ServiceEvidence service) =>
        (service.Described?.Events ?? []).Select(e => e.Message ?? "").Where(m => m.Contains("is unhealthy in (target-group", StringComparison.Ordinal))
            .Select(m => m.IndexOf("due to (reason ", StringComparison.Ordinal) is var at and >= 0 ? m[(at + "due to (reason ".Length)..].TrimEnd('.').TrimEnd(')') : null)
            .FirstOrDefault(r => r is not null);

    /// <summary>ELB's reason code for the description it gives (Elastic Load Balancing API Reference, TargetHealth).</summary>
    static string ReasonCode(string description) => description switch
    {
        _ when description.StartsWith("Health checks failed with these codes", StringComparison.Ordinal) => "Target.ResponseCodeMismatch",
        _ when description.StartsWith("Request timed out", StringComparison.Ordinal) => "Target.Timeout",
        _ => "Target.FailedHealthChecks",
    };

    static string ImageCommand(string? image)
    {
        // 123456789012.dkr.ecr.eu-west-1.amazonaws.com/dev/auth-service:tag or @sha256:digest
        if (image is not null && image.Contains(".dkr.ecr.", StringComparison.Ordinal) && image.IndexOf('/', StringComparison.Ordinal) is var slash and > 0)
        {
            var path = image[(slash + 1)..];
            var at = path.IndexOf('@', StringComparison.Ordinal);
            var colon = path.LastIndexOf(':');
            var (repository, id) = at > 0 ? (path[..at], $"imageDigest={path[(at + 1)..]}") : colon > 0 ? (path[..colon], $"imageTag={path[(colon + 1)..]}") : (path, "imageTag=latest");
            var region = image.Split('.')[3];
            return $"aws ecr describe-images --region {region} --repository-name {repository} --image-ids {id}";
        }

        return $"docker manifest inspect {image}";
    }
}

/// <summary>In the order a task meets them: it is pulled, initialised, checked, then runs.</summary>
public enum LikelyCauseKind
{
    ImagePull,
    ResourceInitialization,
    HealthChecks,
    Memory,
    ProcessExited,
    Unknown,
    None,
}
