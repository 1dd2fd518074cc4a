namespace Platform.Build.Local.Status;

/// <summary>
/// What makes an environment unhealthy, the same rules for AWS and local: a stack that is not settled after a success,
/// a service short of its desired tasks or in a rollout that is not COMPLETED, a target that is not healthy (one draining
/// is leaving on purpose), an alarm in ALARM, a message in the dead-letter queue. A queue that is merely busy is not a problem (its age alarm says when it is).
/// </summary>
public static class StatusVerdict
{
    static readonly HashSet<string> SettledStackStates = new(StringComparer.Ordinal) { "CREATE_COMPLETE", "UPDATE_COMPLETE", "IMPORT_COMPLETE" };

    public static IReadOnlyList<string> Problems(EnvironmentStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        var problems = new List<string>();
        if (status.Stack is { } stack && !SettledStackStates.Contains(stack.Status))
            problems.Add($"stack {stack.Name} is {stack.Status}" + (stack.Reason is { Length: > 0 } reason ? $": {reason}" : ""));
        foreach (var service in status.Services)
        {
            if (service.Problem is { } problem)
                problems.Add($"{service.Name}: {problem}");
            else if (service.Running < service.Desired)
                problems.Add($"{service.Name}: {service.Running} of {service.Desired} tasks running");
            else if (service.Rollout != "COMPLETED")
                problems.Add($"{service.Name}: rollout {service.Rollout}");
        }

        foreach (var target in status.Targets.Where(t => t.State is not ("healthy" or "draining")))
            problems.Add($"{target.Service}: target {target.Target} is {target.State}" + (target.Reason is { Length: > 0 } reason ? $" ({reason})" : ""));
        foreach (var alarm in status.Alarms)
            problems.Add($"alarm {alarm.Name} is in ALARM");
        foreach (var queue in status.Queues.Where(q => q.IsDeadLetterQueue && q.Visible + q.InFlight > 0))
            problems.Add($"{queue.Name} holds {queue.Visible + queue.InFlight} dead letter(s)");
        return problems;
    }
}
