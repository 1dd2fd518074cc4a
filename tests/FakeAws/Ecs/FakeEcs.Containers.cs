using System.Globalization;
using System.Text.Json.Nodes;

namespace Platform.FakeAws;

/// <summary>
/// What a task's container does once its image is pulled, and what the load balancer sees of it. A container's behaviour is
/// set per image (<see cref="ContainerBehaves"/>): the process exits (an out-of-memory kill is exit code 137), or it runs but
/// answers the target group's health check wrongly. ECS registers each running task's IP in its service's target groups; a
/// target that fails its health checks is stopped by ECS ("Task failed ELB health checks"), a stopped task's target drains for
/// the target group's deregistration delay. Each failed task counts towards the deployment circuit breaker.
/// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/stopped-task-error-codes.html
/// https://docs.aws.amazon.com/elasticloadbalancing/latest/application/target-group-health-checks.html
/// </summary>
public sealed partial class FakeEcs
{
    /// <summary>The deregistration delay the platform's target groups set (deregistration_delay.timeout_seconds: 30).</summary>
    private static readonly TimeSpan DeregistrationDelay = TimeSpan.FromSeconds(30);

    private readonly Dictionary<string, FakeContainerBehaviour> _behaviours = new(StringComparer.Ordinal);
    private int _ips;

    /// <summary>Tasks running <paramref name="image"/> (the reference as the task definition names it) behave like this.</summary>
    public void ContainerBehaves(string image, FakeContainerBehaviour behaviour)
    {
        lock (_gate)
        {
            _behaviours[image] = behaviour;
        }
    }

    /// <summary>Registers a one-container task definition (what a stack's AWS::ECS::TaskDefinition does); returns its ARN.</summary>
    public string AddTaskDefinition(string family, string containerName, string image, string? logGroup = null, string? streamPrefix = null)
    {
        lock (_gate)
        {
            return RegisterTaskDefinition(family, [new FakeContainerDefinition(containerName, image, logGroup, streamPrefix)]);
        }
    }

    /// <summary>The targets ECS has registered in a target group, with the health ELB reports for each.</summary>
    internal IReadOnlyList<FakeTarget> Targets(string targetGroupArn, int port)
    {
        var now = _clock.Next();
        var services = _clusters.Values.SelectMany(s => s).Where(s => s.TargetGroupArns.Contains(targetGroupArn)).ToList();
        var targets = new List<FakeTarget>();
        foreach (var task in _tasks.Where(t => services.Any(s => s.Cluster == t.Cluster && s.Name == t.Service)))
        {
            if (task.DesiredStatus == "RUNNING")
            {
                targets.Add(Health(task, port));
            }
            else if (task.StoppedAt is { } stoppedAt && now - stoppedAt < DeregistrationDelay && task.StartedRunning)
            {
                targets.Add(new FakeTarget(task.PrivateIp, port, "draining", "Target.DeregistrationInProgress", "Target deregistration is in progress"));
            }
        }

        return targets;
    }

    /// <summary>
    /// What a container running <paramref name="image"/> does: set for that reference, or — for repository@sha256:… — for
    /// repository:tag of a tag the registry holds on that digest (the behaviour belongs to the image, whichever name pulls it).
    /// </summary>
    private FakeContainerBehaviour? Behaviour(string image)
    {
        if (_behaviours.TryGetValue(image, out var behaviour))
        {
            return behaviour;
        }

        var at = image.IndexOf('@', StringComparison.Ordinal);
        var slash = image.IndexOf('/', StringComparison.Ordinal);
        if (_ecr is null || at < 0 || slash < 0 || slash > at)
        {
            return null;
        }

        var tags = _ecr.Find(image[(slash + 1)..at], image[(at + 1)..])?.Tags ?? [];
        return tags.Select(tag => _behaviours.GetValueOrDefault($"{image[..at]}:{tag}")).FirstOrDefault(b => b is not null);
    }

    /// <summary>The containers of the task's definition (empty for a definition a test made up).</summary>
    internal IReadOnlyList<FakeContainerDefinition> Containers(string taskDefinition) =>
        _taskDefinitions.TryGetValue(taskDefinition, out var containers) ? containers : [];

    /// <summary>The scripted lines a container running <paramref name="image"/> writes to stdout.</summary>
    internal IReadOnlyList<string> LogLines(string image) => Behaviour(image)?.LogLines ?? FakeContainerBehaviour.StartedLines;

    /// <summary>Every task ever started, running or stopped (for the log streams they wrote).</summary>
    internal IEnumerable<FakeEcsTask> AllTasks => _tasks;

    /// <summary>DescribeTaskDefinition: by ARN or family:revision; the containers' images and awslogs options as registered.</summary>
    private JsonObject DescribeTaskDefinition(JsonObject body)
    {
        var requested = body.Str("taskDefinition") ?? throw new FakeAwsException("InvalidParameterException", "Task definition cannot be empty.");
        var arn = requested.StartsWith("arn:", StringComparison.Ordinal) ? requested : Arn($"task-definition/{requested}");
        if (!_taskDefinitions.TryGetValue(arn, out var containers))
        {
            throw new FakeAwsException("ClientException", "Unable to describe task definition.");
        }

        var familyRevision = arn[(arn.LastIndexOf('/') + 1)..];
        return new JsonObject
        {
            ["taskDefinition"] = new JsonObject
            {
                ["taskDefinitionArn"] = arn,
                ["family"] = familyRevision.Split(':')[0],
                ["revision"] = int.Parse(familyRevision.Split(':')[1], CultureInfo.InvariantCulture),
                ["memory"] = "512",
                ["containerDefinitions"] = new JsonArray(containers.Select(c => (JsonNode)new JsonObject
                {
                    ["name"] = c.Name,
                    ["image"] = c.Image,
                    ["memory"] = 512,
                    ["logConfiguration"] = c.LogGroup is null ? null : new JsonObject
                    {
                        ["logDriver"] = "awslogs",
                        ["options"] = new JsonObject
                        {
                            ["awslogs-group"] = c.LogGroup,
                            ["awslogs-region"] = _options.Region,
                            ["awslogs-stream-prefix"] = c.StreamPrefix,
                        },
                    },
                }).ToArray()),
            },
        };
    }

    private FakeContainerDefinition? ContainerOf(FakeEcsTask task) => Containers(task.TaskDefinition) is [var first, ..] ? first : null;

    private FakeTarget Health(FakeEcsTask task, int port)
    {
        var answer = ContainerOf(task) is { } container ? Behaviour(container.Image)?.HealthCheck ?? FakeHealthCheckAnswer.Ok : FakeHealthCheckAnswer.Ok;
        return answer.Kind switch
        {
            FakeHealthCheckKind.Ok => new FakeTarget(task.PrivateIp, port, "healthy", null, null),
            FakeHealthCheckKind.StatusCode => new FakeTarget(task.PrivateIp, port, "unhealthy", "Target.ResponseCodeMismatch",
                string.Create(CultureInfo.InvariantCulture, $"Health checks failed with these codes: [{answer.StatusCode}]")),
            FakeHealthCheckKind.Timeout => new FakeTarget(task.PrivateIp, port, "unhealthy", "Target.Timeout", "Request timed out"),
            _ => new FakeTarget(task.PrivateIp, port, "unhealthy", "Target.FailedHealthChecks", "Health checks failed"),
        };
    }

    /// <summary>The behaviour that makes this deployment's tasks fail, or null when they run and pass their health checks.</summary>
    private FakeContainerBehaviour? FailingContainer(FakeEcsService service, FakeEcsDeployment deployment)
    {
        foreach (var container in Containers(deployment.TaskDefinition))
        {
            if (Behaviour(container.Image) is { } behaviour
                && (behaviour.ExitCode is not null || (behaviour.HealthCheck.Kind != FakeHealthCheckKind.Ok && service.TargetGroupArns.Count > 0)))
            {
                return behaviour;
            }
        }

        return null;
    }

    /// <summary>
    /// One step of a deployment whose tasks start and then fail: the first step starts a task (registered in the target groups),
    /// the next stops it — its process exited, or ELB found it unhealthy — and so on until the circuit breaker trips.
    /// </summary>
    private void RunFailingTask(FakeEcsService service, FakeEcsDeployment deployment, FakeContainerBehaviour behaviour)
    {
        var running = _tasks.FirstOrDefault(t => t.DeploymentId == deployment.Id && t.DesiredStatus == "RUNNING");
        if (running is null)
        {
            _tasks.Add(new FakeEcsTask(NewTaskArn(service), service.Cluster, service.Name, deployment.Id, deployment.TaskDefinition, _clock.Next(), NextIp()));
            deployment.PendingCount = service.DesiredCount;
            return;
        }

        running.LastStatus = "STOPPED";
        running.DesiredStatus = "STOPPED";
        running.StoppedAt = _clock.Next();
        if (behaviour.ExitCode is { } exitCode)
        {
            running.StoppedReason = "Essential container in task exited";
            running.StopCode = "EssentialContainerExited";
            running.ExitCode = exitCode;
            running.ContainerReason = behaviour.ExitReason;
        }
        else
        {
            // ECS tells why in the service's events before it stops the task; the target then drains.
            var health = Health(running, 8080);
            service.Event($"(service {service.Name}) (task {running.Arn[(running.Arn.LastIndexOf('/') + 1)..]}) (port 8080) is unhealthy in (target-group {service.TargetGroupArns[0]}) due to (reason {health.Description}).", _clock.Next());
            running.StoppedReason = $"Task failed ELB health checks in (target-group {service.TargetGroupArns[0]})";
            running.StopCode = "ServiceSchedulerInitiated";
            // ECS sends SIGTERM; a process that ignores it is killed after the stop timeout.
            running.ExitCode = 143;
        }

        deployment.FailedTasks++;
        deployment.RunningCount = 0;
        if (deployment.FailedTasks >= CircuitBreakerThreshold(service))
        {
            TripCircuitBreaker(service, deployment, deployment.FailedTasks);
        }
    }

    /// <summary>The circuit breaker's failed-task threshold: half the desired count, at least 3, at most 200.</summary>
    private static int CircuitBreakerThreshold(FakeEcsService service) => Math.Clamp((service.DesiredCount + 1) / 2, 3, 200);

    private string NextIp()
    {
        var n = ++_ips;
        return string.Create(CultureInfo.InvariantCulture, $"10.0.{128 + (n / 250 % 100)}.{n % 250 + 2}");
    }
}

/// <summary>A container of a task definition: its image and where the awslogs driver sends its output.</summary>
internal sealed record FakeContainerDefinition(string Name, string Image, string? LogGroup, string? StreamPrefix);

/// <summary>A registered target as DescribeTargetHealth reports it.</summary>
internal sealed record FakeTarget(string Id, int Port, string State, string? Reason, string? Description);

public enum FakeHealthCheckKind
{
    Ok,
    StatusCode,
    Timeout,
    ConnectionRefused,
}

/// <summary>How a container answers the target group's health check request.</summary>
public sealed record FakeHealthCheckAnswer(FakeHealthCheckKind Kind, int? StatusCode = null)
{
    public static readonly FakeHealthCheckAnswer Ok = new(FakeHealthCheckKind.Ok);

    /// <summary>Nothing listens on the port (or the connection resets): ELB reports Target.FailedHealthChecks.</summary>
    public static readonly FakeHealthCheckAnswer ConnectionRefused = new(FakeHealthCheckKind.ConnectionRefused);

    public static readonly FakeHealthCheckAnswer Timeout = new(FakeHealthCheckKind.Timeout);

    /// <summary>The path answers this status (a 404 for a path the image does not serve): Target.ResponseCodeMismatch.</summary>
    public static FakeHealthCheckAnswer Status(int statusCode) => new(FakeHealthCheckKind.StatusCode, statusCode);
}

/// <summary>What a container running a given image does: its health check answer, its exit, the lines it logs.</summary>
public sealed record FakeContainerBehaviour
{
    internal static readonly IReadOnlyList<string> StartedLines =
        ["info: Microsoft.Hosting.Lifetime[14] Now listening on: http://[::]:8080", "info: Microsoft.Hosting.Lifetime[0] Application started."];

    public FakeHealthCheckAnswer HealthCheck { get; init; } = FakeHealthCheckAnswer.Ok;

    /// <summary>The process exits with this code soon after it starts (137: killed, e.g. by the out-of-memory killer).</summary>
    public int? ExitCode { get; init; }

    /// <summary>The container's reason ECS reports with the exit ("OutOfMemoryError: Container killed due to memory usage").</summary>
    public string? ExitReason { get; init; }

    /// <summary>What the process writes to stdout, which the awslogs driver ships to its log stream.</summary>
    public IReadOnlyList<string> LogLines { get; init; } = StartedLines;

    /// <summary>The kernel's out-of-memory killer ends the process: exit code 137 and ECS's OutOfMemoryError reason.</summary>
    public static FakeContainerBehaviour OutOfMemory(params string[] logLines) => new()
    {
        ExitCode = 137,
        ExitReason = "OutOfMemoryError: Container killed due to memory usage",
        LogLines = logLines.Length > 0 ? logLines : StartedLines,
    };

    public static FakeContainerBehaviour FailsHealthCheck(FakeHealthCheckAnswer answer, params string[] logLines) => new()
    {
        HealthCheck = answer,
        LogLines = logLines.Length > 0 ? logLines : StartedLines,
    };
}
