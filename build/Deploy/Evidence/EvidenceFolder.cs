using System.Globalization;
using System.Text;
using Amazon.ECS.Model;

namespace Platform.Build.Deploy.Evidence;

/// <summary>
/// Writes a failure's evidence as plain files a person (or a CI artifact viewer) reads without AWS access:
/// summary.md, stack-events.txt, failed-resources.txt, services/&lt;service&gt;.md and logs/&lt;service&gt;/&lt;task-id&gt;.log.
/// </summary>
public static class EvidenceFolder
{
    /// <summary>artifacts/deploy-failure-&lt;stack&gt;-&lt;UTC time&gt;: one folder per failure, never overwritten.</summary>
    public static string PathFor(string artifactsDirectory, string stackName, DateTime capturedAt) =>
        Path.Combine(artifactsDirectory, $"deploy-failure-{stackName}-{capturedAt.ToUniversalTime().ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)}");

    public static string Write(string artifactsDirectory, DeployFailureRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var folder = PathFor(artifactsDirectory, record.StackName, record.CapturedAt);
        for (var n = 2; Directory.Exists(folder); n++)
            folder = PathFor(artifactsDirectory, record.StackName, record.CapturedAt) + "-" + n.ToString(CultureInfo.InvariantCulture);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "summary.md"), Summary(record));
        File.WriteAllLines(Path.Combine(folder, "stack-events.txt"), record.StackEvents.Count == 0
            ? ["(no stack operation: the failure happened in an ECS rollout)"]
            : record.StackEvents.Select(StackEventStream.Format));
        File.WriteAllLines(Path.Combine(folder, "failed-resources.txt"), record.FailedResources.Count == 0
            ? ["(no failed resource)"]
            : record.FailedResources.Select(f => $"{f.LogicalResourceId} ({f.ResourceType}) {f.ResourceStatus}: {f.ResourceStatusReason}"));
        Directory.CreateDirectory(Path.Combine(folder, "services"));
        foreach (var service in record.Services)
        {
            File.WriteAllText(Path.Combine(folder, "services", service.Service + ".md"), ServiceFile(service));
            foreach (var task in service.StoppedTasks.Where(t => t.LogLines.Count > 0))
            {
                var logs = Directory.CreateDirectory(Path.Combine(folder, "logs", service.Service)).FullName;
                File.WriteAllLines(Path.Combine(logs, task.TaskId + ".log"), task.LogLines);
            }
        }
        return folder;
    }

    /// <summary>One paragraph per service: the most likely cause, what shows it, what to check, and the command that shows more.</summary>
    public static string Summary(DeployFailureRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"# Deploy failure: {record.StackName}, {record.CapturedAt.ToUniversalTime():yyyy-MM-dd HH:mm:ss} UTC");
        text.AppendLine();
        text.AppendLine(record.Failure.Split('\n')[0].Trim());
        foreach (var service in record.Services)
        {
            var cause = LikelyCause.Of(service, record.Cluster);
            text.AppendLine();
            text.AppendLine(CultureInfo.InvariantCulture, $"## {service.Service}");
            text.AppendLine();
            text.AppendLine(CultureInfo.InvariantCulture, $"Most likely cause: **{cause.Cause}**. {cause.Evidence} {cause.NextStep} More: `{cause.Command}`");
        }

        if (record.FailedResources.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("## Failed resources");
            text.AppendLine();
            foreach (var f in record.FailedResources)
                text.AppendLine(CultureInfo.InvariantCulture, $"- {f.LogicalResourceId} ({f.ResourceType}) {f.ResourceStatus}: {f.ResourceStatusReason}");
        }
        return text.ToString();
    }

    static string ServiceFile(ServiceEvidence service)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"# {service.Service}");
        foreach (var problem in service.Problems)
            text.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"Note: {problem}");

        text.AppendLine().AppendLine("## Deployments").AppendLine();
        foreach (var d in service.Described?.Deployments ?? [])
            text.AppendLine(CultureInfo.InvariantCulture,
                $"- {d.Id} {d.Status} {d.RolloutState?.Value}: {d.TaskDefinition}; {d.RunningCount}/{d.DesiredCount} running, {d.PendingCount} pending, {d.FailedTasks} failed; {d.RolloutStateReason}");

        text.AppendLine().AppendLine("## Service events (newest first)").AppendLine();
        foreach (var e in (service.Described?.Events ?? []).Take(20))
            text.AppendLine(CultureInfo.InvariantCulture, $"- {e.CreatedAt:yyyy-MM-dd HH:mm:ss} {e.Message}");

        text.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"## Stopped tasks (the last {ServiceEvidenceReader.StoppedTasksKept}, newest first)").AppendLine();
        foreach (var stopped in service.StoppedTasks)
        {
            var task = stopped.Task;
            text.AppendLine(CultureInfo.InvariantCulture, $"- task {stopped.TaskId} ({task.TaskDefinitionArn}), stopped {task.StoppedAt:yyyy-MM-dd HH:mm:ss}, {task.StopCode}: {task.StoppedReason}");
            foreach (var c in task.Containers ?? [])
                text.AppendLine(CultureInfo.InvariantCulture, $"  - container {c.Name} ({c.Image}): exit code {c.ExitCode?.ToString(CultureInfo.InvariantCulture) ?? "none"}{(c.Reason is { } r ? $", {r}" : "")}");
            text.AppendLine(stopped.LogStream is null
                ? $"  - logs: {stopped.LogProblem}"
                : $"  - logs: {stopped.LogGroup} {stopped.LogStream}: " + (stopped.LogLines.Count > 0 ? $"last {stopped.LogLines.Count} line(s) in logs/{service.Service}/{stopped.TaskId}.log" : stopped.LogProblem ?? "empty"));
        }

        text.AppendLine().AppendLine("## Target health").AppendLine();
        foreach (var group in service.TargetGroups)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"- {group.Group.TargetGroupName} ({group.Group.TargetGroupArn}): health check {group.Group.HealthCheckPath} on {group.Group.HealthCheckPort ?? "traffic-port"}");
            foreach (var t in group.Targets)
                text.AppendLine(string.Create(CultureInfo.InvariantCulture, $"  - {t.Target?.Id}:{t.Target?.Port} {t.TargetHealth?.State?.Value} {t.TargetHealth?.Reason?.Value} {t.TargetHealth?.Description}").TrimEnd());
            if (group.Targets.Count == 0)
                text.AppendLine("  - (no targets registered)");
        }
        return text.ToString();
    }
}
