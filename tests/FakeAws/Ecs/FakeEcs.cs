using System.Globalization;
using System.Text.Json.Nodes;

namespace Platform.FakeAws;

/// <summary>
/// ECS clusters, services, deployments and tasks. A new deployment (UpdateService with forceNewDeployment or a new task
/// definition, or a stack creating or updating the service) advances one step per DescribeServices call that names its
/// service (or per stack poll while CloudFormation waits for it). Its tasks pull their images from <see cref="FakeEcr"/>: when
/// every image is there for linux/amd64 the deployment is COMPLETED after the service's stabiliseAfter steps; when one is not,
/// each step stops one task with the pull error, and once the failed tasks reach the circuit breaker's threshold the deployment
/// is FAILED and rolled back. A scripted failure (<see cref="FakeEcsService.FailNextDeployment"/>) stands for what state cannot
/// produce (failed health checks, a crashing process).
/// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-circuit-breaker.html
/// </summary>
public sealed partial class FakeEcs
{
    private readonly FakeAwsOptions _options;
    private readonly FakeClock _clock;
    private readonly Lock _gate;
    private readonly Dictionary<string, List<FakeEcsService>> _clusters = new(StringComparer.Ordinal);
    private readonly List<FakeEcsTask> _tasks = [];
    private readonly Dictionary<string, IReadOnlyList<FakeContainerDefinition>> _taskDefinitions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _revisions = new(StringComparer.Ordinal);
    private readonly FakeEcr? _ecr;
    private int _ids;

    internal FakeEcs(FakeAwsOptions options, FakeClock clock, Lock gate, FakeEcr? ecr = null)
    {
        _options = options;
        _clock = clock;
        _gate = gate;
        _ecr = ecr;
    }

    /// <summary>The service, or null (for assertions on what a stack created).</summary>
    public FakeEcsService? Service(string cluster, string service)
    {
        lock (_gate)
        {
            return _clusters.GetValueOrDefault(cluster)?.FirstOrDefault(s => s.Name == service);
        }
    }

    /// <summary>Every service in every cluster.</summary>
    public IReadOnlyList<FakeEcsService> Services
    {
        get
        {
            lock (_gate)
            {
                return _clusters.Values.SelectMany(s => s).ToList();
            }
        }
    }

    /// <summary>A new revision of a task definition family with these containers; returns its ARN.</summary>
    internal string RegisterTaskDefinition(string family, IReadOnlyList<FakeContainerDefinition> containers)
    {
        var revision = _revisions[family] = _revisions.GetValueOrDefault(family) + 1;
        var arn = Arn($"task-definition/{family}:{revision}");
        _taskDefinitions[arn] = containers;
        return arn;
    }

    /// <summary>What CloudFormation does for an AWS::ECS::Service: creates it, or points it at a new task definition (a new deployment).</summary>
    internal FakeEcsService ApplyFromStack(string cluster, string name, string taskDefinition, int desiredCount, IReadOnlyList<string> targetGroupArns)
    {
        // A stack seeded by a test (AddStack) never created its cluster here; one made by a change set did.
        var services = _clusters.TryGetValue(cluster, out var list) ? list : _clusters[cluster] = [];
        var service = services.FirstOrDefault(s => s.Name == name);
        if (service is null)
        {
            service = new FakeEcsService(_gate, cluster, name, Arn($"service/{cluster}/{name}"), desiredCount, stabiliseAfter: 2) { TaskDefinition = taskDefinition };
            service.TargetGroupArns.AddRange(targetGroupArns);
            services.Add(service);
            StartDeployment(service, taskDefinition);
            return service;
        }

        service.TargetGroupArns.Clear();
        service.TargetGroupArns.AddRange(targetGroupArns);
        if (service.TaskDefinition != taskDefinition)
        {
            StartDeployment(service, taskDefinition);
        }

        return service;
    }

    /// <summary>One step of the service's newest deployment, as CloudFormation's stabilisation wait sees it: IN_PROGRESS, COMPLETED or FAILED.</summary>
    internal string StabilisationStep(FakeEcsService service)
    {
        var newest = service.Deployments.Where(d => !d.IsRollback).OrderByDescending(d => d.CreatedAt).FirstOrDefault();
        Advance(service);
        return newest?.RolloutState ?? "COMPLETED";
    }

    /// <summary>A stack rolled back the create of this service: ECS deletes it and stops its tasks.</summary>
    internal void RemoveService(string cluster, string name)
    {
        if (_clusters.TryGetValue(cluster, out var services) && services.FirstOrDefault(s => s.Name == name) is { } service)
        {
            services.Remove(service);
            foreach (var task in _tasks.Where(t => t.Cluster == cluster && t.Service == name && t.DesiredStatus == "RUNNING"))
            {
                task.LastStatus = "STOPPED";
                task.DesiredStatus = "STOPPED";
                task.StoppedAt = _clock.Next();
                task.StoppedReason = "Service deleted";
            }
        }
    }

    public int TasksPageSize { get; set; } = 100;

    /// <summary>Adds a service (and its cluster) whose current deployment is COMPLETED with <paramref name="desiredCount"/> running tasks.</summary>
    /// <param name="targetGroupArn">The ALB target group the service registers its tasks in (ELBv2's DescribeTargetHealth lists them).</param>
    public FakeEcsService AddService(string cluster, string service, int stabiliseAfter = 2, int desiredCount = 1, string? taskDefinition = null, string? targetGroupArn = null)
    {
        lock (_gate)
        {
            var services = _clusters.TryGetValue(cluster, out var list) ? list : _clusters[cluster] = [];
            var fake = new FakeEcsService(_gate, cluster, service, Arn($"service/{cluster}/{service}"), desiredCount, stabiliseAfter)
            {
                // A made-up revision of the family, so a later registration of the same family is a new revision.
                TaskDefinition = taskDefinition ?? Arn($"task-definition/{service}:{_revisions[service] = _revisions.GetValueOrDefault(service) + 1}"),
            };
            if (targetGroupArn is not null)
            {
                fake.TargetGroupArns.Add(targetGroupArn);
            }

            var deployment = NewDeployment(fake, fake.TaskDefinition);
            deployment.RolloutState = "COMPLETED";
            deployment.RolloutStateReason = $"ECS deployment {deployment.Id} completed.";
            deployment.RunningCount = desiredCount;
            fake.Deployments.Add(deployment);
            StartTasks(fake, deployment);
            services.Add(fake);
            return fake;
        }
    }

    /// <summary>Adds an empty cluster (DescribeServices on it answers MISSING failures).</summary>
    public void AddCluster(string cluster)
    {
        lock (_gate)
        {
            _clusters.TryAdd(cluster, []);
        }
    }

    /// <summary>A stack deleted the cluster (its services are gone already).</summary>
    internal void RemoveCluster(string cluster) => _clusters.Remove(cluster);

    internal JsonObject Handle(string operation, JsonObject body) => operation switch
    {
        "UpdateService" => UpdateService(body),
        "DescribeServices" => DescribeServices(body),
        "ListTasks" => ListTasks(body),
        "DescribeTasks" => DescribeOneOffTasks(body) ?? DescribeTasks(body),
        "RegisterTaskDefinition" => RegisterTaskDefinition(body),
        "RunTask" => RunTask(body),
        "DescribeTaskDefinition" => DescribeTaskDefinition(body),
        _ => throw new FakeAwsException("UnknownOperationException", $"Unknown operation {operation}"),
    };

    private JsonObject UpdateService(JsonObject body)
    {
        var services = Cluster(body);
        var name = LastSegment(body.Str("service") ?? throw new FakeAwsException("InvalidParameterException", "Service name cannot be empty."));
        var service = services.FirstOrDefault(s => s.Name == name) ?? throw new FakeAwsException("ServiceNotFoundException", "Service not found.");
        service.UpdateCount++;
        if (body.Int("desiredCount") is { } desired)
        {
            service.DesiredCount = desired;
        }

        var taskDefinition = body.Str("taskDefinition");
        if (body.Bool("forceNewDeployment") == true || (taskDefinition is not null && taskDefinition != service.TaskDefinition))
        {
            StartDeployment(service, taskDefinition ?? service.TaskDefinition);
        }

        return new JsonObject { ["service"] = ServiceJson(service) };
    }

    private void StartDeployment(FakeEcsService service, string taskDefinition)
    {
        foreach (var old in service.Deployments)
        {
            old.Status = "ACTIVE";
        }

        var deployment = NewDeployment(service, taskDefinition);
        service.TaskDefinition = deployment.TaskDefinition;
        service.Deployments.Insert(0, deployment);
        service.DeploymentsStarted++;
        Record($"deployment started: {service.Name} on {deployment.TaskDefinition}");
        service.Event($"(service {service.Name}) has started {service.DesiredCount} tasks: (deployment {deployment.Id}).", _clock.Next());
    }

    private JsonObject DescribeServices(JsonObject body)
    {
        var services = Cluster(body);
        var names = body.Strings("services");
        if (names.Count == 0)
        {
            throw new FakeAwsException("InvalidParameterException", "Services cannot be empty.");
        }

        if (names.Count > 10)
        {
            throw new FakeAwsException("InvalidParameterException", "The services parameter accepts at most 10 services.");
        }

        var found = new JsonArray();
        var failures = new JsonArray();
        foreach (var requested in names)
        {
            var service = services.FirstOrDefault(s => s.Name == LastSegment(requested));
            if (service is null)
            {
                failures.Add(new JsonObject { ["arn"] = Arn($"service/{ClusterName(body)}/{LastSegment(requested)}"), ["reason"] = "MISSING" });
                continue;
            }

            Advance(service);
            found.Add(ServiceJson(service));
        }

        return new JsonObject { ["services"] = found, ["failures"] = failures };
    }

    private JsonObject ListTasks(JsonObject body)
    {
        var services = Cluster(body);
        var cluster = ClusterName(body);
        var serviceName = body.Str("serviceName");
        if (serviceName is not null && services.All(s => s.Name != serviceName))
        {
            throw new FakeAwsException("ServiceNotFoundException", "Service not found.");
        }

        var desired = body.Str("desiredStatus") ?? "RUNNING";
        var matching = _tasks.Where(t => t.Cluster == cluster && (serviceName is null || t.Service == serviceName) && t.DesiredStatus == desired).ToList();
        var start = JsonWire.FromToken(body.Str("nextToken"), "InvalidParameterException");
        var size = Math.Min(body.Int("maxResults") ?? 100, TasksPageSize);
        var page = matching.Skip(start).Take(size).ToList();
        var answer = new JsonObject { ["taskArns"] = new JsonArray(page.Select(t => (JsonNode)t.Arn).ToArray()) };
        if (start + page.Count < matching.Count)
        {
            answer["nextToken"] = JsonWire.Token(start + page.Count);
        }

        return answer;
    }

    private JsonObject DescribeTasks(JsonObject body)
    {
        Cluster(body);
        var cluster = ClusterName(body);
        var requested = body.Strings("tasks");
        if (requested.Count == 0)
        {
            throw new FakeAwsException("InvalidParameterException", "Tasks cannot be empty.");
        }

        var tasks = new JsonArray();
        var failures = new JsonArray();
        foreach (var id in requested)
        {
            var task = _tasks.FirstOrDefault(t => t.Cluster == cluster && (t.Arn == id || LastSegment(t.Arn) == id));
            if (task is null)
            {
                failures.Add(new JsonObject { ["arn"] = id, ["reason"] = "MISSING" });
                continue;
            }

            var json = new JsonObject
            {
                ["taskArn"] = task.Arn,
                ["clusterArn"] = Arn($"cluster/{cluster}"),
                ["taskDefinitionArn"] = task.TaskDefinition,
                ["group"] = $"service:{task.Service}",
                ["startedBy"] = task.DeploymentId,
                ["lastStatus"] = task.LastStatus,
                ["desiredStatus"] = task.DesiredStatus,
                ["startedAt"] = JsonWire.Epoch(task.StartedAt),
                ["containers"] = ContainersJson(cluster, task),
            };
            if (task.StoppedAt is { } stoppedAt)
            {
                json["stoppedAt"] = JsonWire.Epoch(stoppedAt);
                json["stoppedReason"] = task.StoppedReason;
                json["stopCode"] = task.StopCode;
            }

            tasks.Add(json);
        }

        return new JsonObject { ["tasks"] = tasks, ["failures"] = failures };
    }

    /// <summary>One container per container definition, each with its image and, while it runs, the digest it pulled from the fake ECR.</summary>
    private JsonArray ContainersJson(string cluster, FakeEcsTask task)
    {
        IReadOnlyList<FakeContainerDefinition> definitions = Containers(task.TaskDefinition) is { Count: > 0 } known ? known : [new FakeContainerDefinition(task.Service, "", null, null)];
        return new JsonArray(definitions.Select(definition =>
        {
            var container = new JsonObject
            {
                ["containerArn"] = Arn($"container/{cluster}/{LastSegment(task.Arn)}/{Guid.NewGuid():N}"),
                ["name"] = definition.Name,
                ["lastStatus"] = task.LastStatus,
                ["exitCode"] = task.ExitCode,
                ["reason"] = task.ContainerReason,
            };
            if (definition.Image.Length > 0)
            {
                container["image"] = definition.Image;
            }

            if (task.LastStatus == "RUNNING" && _ecr?.DigestOf(definition.Image) is { } digest)
            {
                container["imageDigest"] = digest;
            }

            return (JsonNode)container;
        }).ToArray());
    }

    private void Advance(FakeEcsService service)
    {
        var deployment = service.Deployments.FirstOrDefault(d => d.Status == "PRIMARY" && d.RolloutState == "IN_PROGRESS");
        if (deployment is null)
        {
            return;
        }

        deployment.Describes++;
        deployment.UpdatedAt = _clock.Next();
        if (!deployment.IsRollback && service.PendingFailure is null && PullError(deployment.TaskDefinition) is { } pullError)
        {
            FailToPull(service, deployment, pullError);
            return;
        }

        if (!deployment.IsRollback && service.PendingFailure is null && FailingContainer(service, deployment) is { } failing)
        {
            RunFailingTask(service, deployment, failing);
            return;
        }

        var failure = deployment.IsRollback ? null : service.PendingFailure;
        var needed = deployment.IsRollback ? 1 : service.StabiliseAfter;
        if (deployment.Describes < needed)
        {
            deployment.RunningCount = failure is null ? service.DesiredCount * deployment.Describes / needed : 0;
            deployment.PendingCount = service.DesiredCount - deployment.RunningCount;
            return;
        }

        if (failure is null)
        {
            Complete(service, deployment);
            return;
        }

        service.PendingFailure = null;
        foreach (var stopped in failure)
        {
            AddStoppedTask(service, deployment, stopped);
        }

        TripCircuitBreaker(service, deployment, failure.Count);
    }

    private string? PullError(string taskDefinition) =>
        _ecr is null || !_taskDefinitions.TryGetValue(taskDefinition, out var containers) ? null : containers.Select(c => _ecr.PullError(c.Image)).FirstOrDefault(e => e is not null);

    /// <summary>
    /// A task that cannot pull its image stops before it starts; ECS keeps launching replacements until the circuit breaker's
    /// failed-task threshold (half the desired count, at least 3, at most 200) is reached.
    /// </summary>
    private void FailToPull(FakeEcsService service, FakeEcsDeployment deployment, string reason)
    {
        AddStoppedTask(service, deployment, new FakeStoppedTask(reason, reason, null, "TaskFailedToStart"));
        deployment.FailedTasks++;
        deployment.RunningCount = 0;
        deployment.PendingCount = service.DesiredCount;
        if (deployment.FailedTasks >= CircuitBreakerThreshold(service))
        {
            TripCircuitBreaker(service, deployment, deployment.FailedTasks);
        }
    }

    private void AddStoppedTask(FakeEcsService service, FakeEcsDeployment deployment, FakeStoppedTask stopped) =>
        _tasks.Add(new FakeEcsTask(NewTaskArn(service), service.Cluster, service.Name, deployment.Id, deployment.TaskDefinition, _clock.Next(), NextIp())
        {
            LastStatus = "STOPPED",
            DesiredStatus = "STOPPED",
            StoppedAt = _clock.Next(),
            StoppedReason = stopped.StoppedReason,
            StopCode = stopped.StopCode,
            StartedRunning = stopped.StopCode != "TaskFailedToStart",
            ContainerReason = stopped.ContainerReason,
            ExitCode = stopped.ExitCode,
        });

    private void TripCircuitBreaker(FakeEcsService service, FakeEcsDeployment deployment, int failedTasks)
    {
        deployment.Status = "ACTIVE";
        deployment.RolloutState = "FAILED";
        deployment.RolloutStateReason = "ECS deployment circuit breaker: tasks failed to start.";
        deployment.FailedTasks = failedTasks;
        deployment.RunningCount = 0;
        var previous = service.Deployments.FirstOrDefault(d => d != deployment && d.RolloutState == "COMPLETED");
        if (previous is null)
        {
            // Nothing to roll back to (a new service): the deployment stays PRIMARY and FAILED with no task running.
            deployment.Status = "PRIMARY";
            service.Event($"(service {service.Name}) (deployment {deployment.Id}) deployment failed: tasks failed to start.", _clock.Next());
            return;
        }

        var rollback = NewDeployment(service, previous.TaskDefinition);
        rollback.IsRollback = true;
        rollback.RolloutStateReason = $"ECS deployment circuit breaker: rolling back to deploymentId {previous.Id}.";
        rollback.RunningCount = previous.RunningCount;
        service.TaskDefinition = rollback.TaskDefinition;
        service.Deployments.Insert(0, rollback);
        service.Event($"(service {service.Name}) (deployment {deployment.Id}) deployment failed: tasks failed to start.", _clock.Next());
        service.Event($"(service {service.Name}) rolling back to deployment {previous.Id}.", _clock.Next());
    }

    private void Complete(FakeEcsService service, FakeEcsDeployment deployment)
    {
        deployment.RolloutState = "COMPLETED";
        deployment.RolloutStateReason = $"ECS deployment {deployment.Id} completed.";
        deployment.RunningCount = service.DesiredCount;
        deployment.PendingCount = 0;
        // A rollback returns to the tasks still running; a new deployment replaces them.
        var replaced = deployment.IsRollback ? [] : _tasks.Where(t => t.Service == service.Name && t.Cluster == service.Cluster && t.DesiredStatus == "RUNNING").ToList();
        foreach (var task in replaced)
        {
            task.LastStatus = "STOPPED";
            task.DesiredStatus = "STOPPED";
            task.StoppedAt = _clock.Next();
            task.StoppedReason = $"Scaling activity initiated by (deployment {deployment.Id})";
            task.StopCode = "ServiceSchedulerInitiated";
            task.ExitCode = 0;
        }

        if (!deployment.IsRollback)
        {
            StartTasks(service, deployment);
        }

        service.Deployments.RemoveAll(d => d != deployment);
        service.Event($"(service {service.Name}) (deployment {deployment.Id}) deployment completed.", _clock.Next());
        service.Event($"(service {service.Name}) has reached a steady state.", _clock.Next());
    }

    private void StartTasks(FakeEcsService service, FakeEcsDeployment deployment)
    {
        for (var i = 0; i < service.DesiredCount; i++)
        {
            _tasks.Add(new FakeEcsTask(NewTaskArn(service), service.Cluster, service.Name, deployment.Id, deployment.TaskDefinition, _clock.Next(), NextIp()));
        }
    }

    private FakeEcsDeployment NewDeployment(FakeEcsService service, string taskDefinition)
    {
        var now = _clock.Next();
        var id = $"ecs-svc/{(++_ids * 7919L + 1_000_000_000_000_000L).ToString(CultureInfo.InvariantCulture)}";
        return new FakeEcsDeployment(id, taskDefinition, now)
        {
            DesiredCount = service.DesiredCount,
            RolloutStateReason = $"ECS deployment {id} in progress.",
        };
    }

    private JsonObject ServiceJson(FakeEcsService service)
    {
        var primary = service.Deployments.FirstOrDefault(d => d.Status == "PRIMARY");
        return new JsonObject
        {
            ["serviceArn"] = service.Arn,
            ["serviceName"] = service.Name,
            ["clusterArn"] = Arn($"cluster/{service.Cluster}"),
            ["status"] = "ACTIVE",
            ["desiredCount"] = service.DesiredCount,
            ["runningCount"] = service.Deployments.Sum(d => d.RunningCount),
            ["pendingCount"] = service.Deployments.Sum(d => d.PendingCount),
            ["taskDefinition"] = primary?.TaskDefinition ?? service.TaskDefinition,
            ["deployments"] = new JsonArray(service.Deployments.Select(d => (JsonNode)new JsonObject
            {
                ["id"] = d.Id,
                ["status"] = d.Status,
                ["taskDefinition"] = d.TaskDefinition,
                ["desiredCount"] = service.DesiredCount,
                ["pendingCount"] = d.PendingCount,
                ["runningCount"] = d.RunningCount,
                ["failedTasks"] = d.FailedTasks,
                ["createdAt"] = JsonWire.Epoch(d.CreatedAt),
                ["updatedAt"] = JsonWire.Epoch(d.UpdatedAt),
                ["launchType"] = "FARGATE",
                ["rolloutState"] = d.RolloutState,
                ["rolloutStateReason"] = d.RolloutStateReason,
            }).ToArray()),
            ["loadBalancers"] = new JsonArray(service.TargetGroupArns.Select(arn => (JsonNode)new JsonObject
            {
                ["targetGroupArn"] = arn,
                ["containerName"] = Containers(service.TaskDefinition) is [var first, ..] ? first.Name : service.Name,
                ["containerPort"] = 8080,
            }).ToArray()),
            // Newest first, at most 100, like ECS.
            ["events"] = new JsonArray(Enumerable.Reverse(service.Events).Take(100).Select(e => (JsonNode)new JsonObject
            {
                ["id"] = e.Id,
                ["createdAt"] = JsonWire.Epoch(e.CreatedAt),
                ["message"] = e.Message,
            }).ToArray()),
        };
    }

    private List<FakeEcsService> Cluster(JsonObject body)
    {
        var name = ClusterName(body);
        return _clusters.TryGetValue(name, out var services) ? services : throw new FakeAwsException("ClusterNotFoundException", "Cluster not found.");
    }

    private static string ClusterName(JsonObject body) => LastSegment(body.Str("cluster") ?? "default");

    private static string LastSegment(string nameOrArn) => nameOrArn.StartsWith("arn:", StringComparison.Ordinal) ? nameOrArn[(nameOrArn.LastIndexOf('/') + 1)..] : nameOrArn;

    private string NewTaskArn(FakeEcsService service) => Arn($"task/{service.Cluster}/{Guid.NewGuid():N}");

    private string Arn(string resource) => $"arn:aws:ecs:{_options.Region}:{_options.AccountId}:{resource}";
}
