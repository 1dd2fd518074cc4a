namespace Platform.Build.Local.Status;

// What `./build.sh Status` shows, whichever platform it read: AWS (build/Deploy/Status) or the local Docker engine
// (LocalStatusReader). It lives in Build.Local because both sides reference this project.

/// <summary>The stack: its status and when it last changed. Locally there is none.</summary>
public sealed record StackStatusLine(string Name, string Status, DateTime? LastChange, string? Reason);

/// <summary>
/// One service: ECS's counts and newest deployment, or a container's state. <paramref name="Image"/> is the digest the
/// tasks run (ECS reports it per container), locally the image id.
/// </summary>
public sealed record ServiceStatusLine(
    string Name, int Running, int Desired, int Pending, string Rollout, string TaskDefinition, string Image, string? Problem = null);

/// <summary>One load-balancer target (ALB target health; locally the gateway's route to the service's live check).</summary>
public sealed record TargetStatusLine(string Service, string Target, string State, string? Reason);

/// <summary>An alarm in ALARM, with the reason CloudWatch gives.</summary>
public sealed record AlarmStatusLine(string Name, string Reason, DateTime? Since);

/// <summary>A queue's depth: messages waiting and in flight (received, not yet deleted), as SQS counts them.</summary>
public sealed record QueueStatusLine(string Name, int Visible, int InFlight, bool IsDeadLetterQueue);

/// <summary>The whole screen and the verdict; <see cref="Problems"/> empty means healthy (exit 0).</summary>
public sealed record EnvironmentStatus(
    string Environment,
    StackStatusLine? Stack,
    IReadOnlyList<ServiceStatusLine> Services,
    IReadOnlyList<TargetStatusLine> Targets,
    IReadOnlyList<AlarmStatusLine> Alarms,
    IReadOnlyList<QueueStatusLine> Queues,
    string? DashboardUrl)
{
    public IReadOnlyList<string> Problems => StatusVerdict.Problems(this);

    public bool IsHealthy => Problems.Count == 0;
}
