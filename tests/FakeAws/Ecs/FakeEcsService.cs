namespace Platform.FakeAws;

/// <summary>A fake ECS service; its methods script the next deployment.</summary>
public sealed class FakeEcsService
{
    private readonly Lock _gate;

    internal FakeEcsService(Lock gate, string cluster, string name, string arn, int desiredCount, int stabiliseAfter)
    {
        _gate = gate;
        Cluster = cluster;
        Name = name;
        Arn = arn;
        DesiredCount = desiredCount;
        StabiliseAfter = stabiliseAfter;
    }

    public string Cluster { get; }

    public string Name { get; }

    public string Arn { get; }

    public int DesiredCount { get; internal set; }

    /// <summary>DescribeServices calls before a new deployment settles (COMPLETED, or FAILED when scripted).</summary>
    public int StabiliseAfter { get; private set; }

    /// <summary>UpdateService calls received.</summary>
    public int UpdateCount { get; internal set; }

    /// <summary>New deployments started (by UpdateService or by a stack), rollbacks not counted.</summary>
    public int DeploymentsStarted { get; internal set; }

    /// <summary>The task definition the service runs now.</summary>
    public string CurrentTaskDefinition
    {
        get
        {
            lock (_gate)
            {
                return TaskDefinition;
            }
        }
    }

    /// <summary>The rollout states of the current deployments, primary first (for assertions).</summary>
    public IReadOnlyList<string> RolloutStates
    {
        get
        {
            lock (_gate)
            {
                return Deployments.Select(d => $"{d.Status}:{d.RolloutState}").ToList();
            }
        }
    }

    internal string TaskDefinition { get; set; } = "";

    internal List<FakeEcsDeployment> Deployments { get; } = [];

    internal List<FakeEcsEvent> Events { get; } = [];

    internal List<FakeStoppedTask>? PendingFailure { get; set; }

    /// <summary>The target groups of its LoadBalancers: ECS registers each running task's IP in them.</summary>
    internal List<string> TargetGroupArns { get; } = [];

    public FakeEcsService SlowToStabilise(int describes)
    {
        lock (_gate)
        {
            StabiliseAfter = describes;
        }

        return this;
    }

    /// <summary>
    /// The next deployment fails: its tasks stop with these reasons, the circuit breaker marks it FAILED and rolls back to the
    /// previous deployment (which then reaches running = desired — the trap a poller must not fall into).
    /// </summary>
    public FakeEcsService FailNextDeployment(params FakeStoppedTask[] stoppedTasks)
    {
        ArgumentNullException.ThrowIfNull(stoppedTasks);
        lock (_gate)
        {
            PendingFailure = stoppedTasks.Length > 0 ? [.. stoppedTasks] : [FakeStoppedTask.HealthCheckFailed()];
        }

        return this;
    }

    internal void Event(string message, DateTime at) => Events.Add(new FakeEcsEvent(Guid.NewGuid().ToString(), at, message));
}

/// <summary>A task stopped by a failed deployment.</summary>
public sealed record FakeStoppedTask(string StoppedReason, string? ContainerReason, int? ExitCode, string StopCode)
{
    public static FakeStoppedTask CannotPull(string image) => new(
        $"CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref {image}: not found",
        $"CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref {image}: not found",
        null, "TaskFailedToStart");

    public static FakeStoppedTask HealthCheckFailed(string targetGroup = "tg-fake") => new(
        $"Task failed ELB health checks in (target-group arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/{targetGroup}/0123456789abcdef)",
        null, 137, "ServiceSchedulerInitiated");

    public static FakeStoppedTask EssentialContainerExited(int exitCode, string? reason = null) => new(
        "Essential container in task exited", reason, exitCode, "EssentialContainerExited");
}

internal sealed class FakeEcsDeployment(string id, string taskDefinition, DateTime createdAt)
{
    public string Id { get; } = id;
    public string TaskDefinition { get; } = taskDefinition;
    public DateTime CreatedAt { get; } = createdAt;
    public DateTime UpdatedAt { get; set; } = createdAt;
    public string Status { get; set; } = "PRIMARY";
    public string RolloutState { get; set; } = "IN_PROGRESS";
    public string? RolloutStateReason { get; set; }
    public int DesiredCount { get; set; }
    public int RunningCount { get; set; }
    public int PendingCount { get; set; }
    public int FailedTasks { get; set; }
    public int Describes { get; set; }
    public bool IsRollback { get; set; }
}

internal sealed record FakeEcsEvent(string Id, DateTime CreatedAt, string Message);

internal sealed class FakeEcsTask(string arn, string cluster, string service, string deploymentId, string taskDefinition, DateTime startedAt, string privateIp)
{
    /// <summary>Its ENI's address (awsvpc): the target id in the service's target groups.</summary>
    public string PrivateIp { get; } = privateIp;

    /// <summary>False for a task that stopped before its container ran (an image pull failure): it never became a target.</summary>
    public bool StartedRunning { get; init; } = true;

    public string Arn { get; } = arn;
    public string Cluster { get; } = cluster;
    public string Service { get; } = service;
    public string DeploymentId { get; } = deploymentId;
    public string TaskDefinition { get; } = taskDefinition;
    public DateTime StartedAt { get; } = startedAt;
    public string LastStatus { get; set; } = "RUNNING";
    public string DesiredStatus { get; set; } = "RUNNING";
    public DateTime? StoppedAt { get; set; }
    public string? StoppedReason { get; set; }
    public string? StopCode { get; set; }
    public string? ContainerReason { get; set; }
    public int? ExitCode { get; set; }
}
