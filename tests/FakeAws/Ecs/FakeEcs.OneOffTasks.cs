using System.Globalization;
using System.Text.Json.Nodes;

namespace Platform.FakeAws;

/// <summary>A task started by RunTask (no service), as the fake saw it; for assertions.</summary>
public sealed record FakeOneOffTask(string Arn, string Cluster, string TaskDefinition, string Family, string Image, IReadOnlyList<string> Command,
    IReadOnlyDictionary<string, string> Environment, IReadOnlyDictionary<string, string> Secrets, IReadOnlyList<string> Subnets)
{
    public string LastStatus { get; internal set; } = "PROVISIONING";
    public int? ExitCode { get; internal set; }
    public string? StopCode { get; internal set; }
    public string? StoppedReason { get; internal set; }
    internal int? ScriptedExitCode { get; init; }
    internal DateTime StartedAt { get; init; }
    internal DateTime? StoppedAt { get; set; }
}

/// <summary>
/// RegisterTaskDefinition, RunTask and DescribeTasks for one-off tasks, from state as the ECS docs describe them
/// (API Reference: RegisterTaskDefinition, RunTask, DescribeTasks; Developer Guide: "Amazon ECS task lifecycle",
/// "Amazon ECS stopped tasks error codes"): RunTask needs a cluster, a registered task definition and, for awsvpc, a
/// network configuration; the task goes PROVISIONING → RUNNING → STOPPED, one step per DescribeTasks. Its image is pulled
/// from <see cref="FakeEcr"/>: a missing tag or no linux/amd64 stops it with CannotPullContainerError (TaskFailedToStart,
/// no exit code); else its essential container exits with the scripted code (<see cref="ExitCodeForNextRun"/>, default 0)
/// and the task stops with EssentialContainerExited. <see cref="History"/> records the order of runs and deployments.
/// </summary>
public sealed partial class FakeEcs
{
    private readonly Dictionary<string, JsonObject> _registered = new(StringComparer.Ordinal);
    private readonly List<FakeOneOffTask> _oneOffTasks = [];
    private readonly List<string> _history = [];
    private readonly Dictionary<string, int> _scriptedExitCodes = new(StringComparer.Ordinal);

    /// <summary>What happened, in order: "task started/stopped: …", "deployment started: …".</summary>
    public IReadOnlyList<string> History
    {
        get
        {
            lock (_gate)
            {
                return [.. _history];
            }
        }
    }

    /// <summary>Every one-off task run so far.</summary>
    public IReadOnlyList<FakeOneOffTask> OneOffTasks
    {
        get
        {
            lock (_gate)
            {
                return [.. _oneOffTasks];
            }
        }
    }

    /// <summary>Scripts what state cannot produce: the next task of <paramref name="family"/> exits with this code (a process failing).</summary>
    public void ExitCodeForNextRun(string family, int exitCode)
    {
        lock (_gate)
        {
            _scriptedExitCodes[family] = exitCode;
        }
    }

    private void Record(string what) => _history.Add(what);

    private JsonObject RegisterTaskDefinition(JsonObject body)
    {
        var family = body.Str("family") ?? throw new FakeAwsException("ClientException", "Family name is required.");
        var containers = body["containerDefinitions"] as JsonArray ?? throw new FakeAwsException("ClientException", "Container list cannot be empty.");
        var definitions = containers.OfType<JsonObject>().Select(c => new FakeContainerDefinition(
            c.Str("name") ?? family,
            c.Str("image") ?? throw new FakeAwsException("ClientException", "Container.image should not be null or empty."),
            c["logConfiguration"]?["options"]?["awslogs-group"]?.GetValue<string>(),
            c["logConfiguration"]?["options"]?["awslogs-stream-prefix"]?.GetValue<string>())).ToList();
        var arn = RegisterTaskDefinition(family, definitions);
        _registered[arn] = body;
        return new JsonObject
        {
            ["taskDefinition"] = new JsonObject
            {
                ["taskDefinitionArn"] = arn,
                ["family"] = family,
                ["revision"] = _revisions[family],
                ["status"] = "ACTIVE",
            },
        };
    }

    private JsonObject RunTask(JsonObject body)
    {
        Cluster(body);
        var cluster = ClusterName(body);
        var requested = body.Str("taskDefinition") ?? throw new FakeAwsException("InvalidParameterException", "TaskDefinition cannot be empty.");
        var arn = _registered.Keys.FirstOrDefault(a => a == requested || a.EndsWith("/" + requested, StringComparison.Ordinal))
            ?? throw new FakeAwsException("ClientException", "TaskDefinition not found.");
        var definition = _registered[arn];
        var subnets = (body["networkConfiguration"]?["awsvpcConfiguration"]?["subnets"] as JsonArray)?.Select(s => s!.GetValue<string>()).ToList() ?? [];
        if (definition.Str("networkMode") == "awsvpc" && subnets.Count == 0)
        {
            throw new FakeAwsException("InvalidParameterException", "Network Configuration must be provided when networkMode 'awsvpc' is specified.");
        }

        var container = (definition["containerDefinitions"] as JsonArray)!.OfType<JsonObject>().First();
        var family = definition.Str("family")!;
        var task = new FakeOneOffTask(
            Arn($"task/{cluster}/{Guid.NewGuid():N}"), cluster, arn, family, container.Str("image")!,
            (container["command"] as JsonArray)?.Select(c => c!.GetValue<string>()).ToList() ?? [],
            Pairs(container["environment"], "value"), Pairs(container["secrets"], "valueFrom"), subnets)
        {
            ScriptedExitCode = _scriptedExitCodes.Remove(family, out var code) ? code : null,
            StartedAt = _clock.Next(),
        };
        _oneOffTasks.Add(task);
        Record($"task started: {family} ({task.Arn})");
        return new JsonObject { ["tasks"] = new JsonArray(OneOffJson(task)), ["failures"] = new JsonArray() };
    }

    /// <summary>Null when the request names a task that is not a one-off task (the services' tasks answer then).</summary>
    private JsonObject? DescribeOneOffTasks(JsonObject body)
    {
        var requested = body.Strings("tasks");
        var tasks = requested.Select(id => _oneOffTasks.FirstOrDefault(t => t.Arn == id || LastSegment(t.Arn) == id)).ToList();
        if (requested.Count == 0 || tasks.Any(t => t is null))
        {
            return null;
        }

        Cluster(body);
        foreach (var task in tasks)
        {
            Step(task!);
        }

        return new JsonObject { ["tasks"] = new JsonArray([.. tasks.Select(t => (JsonNode)OneOffJson(t!))]), ["failures"] = new JsonArray() };
    }

    private void Step(FakeOneOffTask task)
    {
        switch (task.LastStatus)
        {
            case "PROVISIONING" when _ecr?.PullError(task.Image) is { } pullError:
                Stop(task, "TaskFailedToStart", pullError, exitCode: null);
                break;
            case "PROVISIONING":
                task.LastStatus = "RUNNING";
                break;
            case "RUNNING":
                Stop(task, "EssentialContainerExited", "Essential container in task exited", task.ScriptedExitCode ?? 0);
                break;
        }
    }

    private void Stop(FakeOneOffTask task, string stopCode, string reason, int? exitCode)
    {
        task.LastStatus = "STOPPED";
        task.StopCode = stopCode;
        task.StoppedReason = reason;
        task.ExitCode = exitCode;
        task.StoppedAt = _clock.Next();
        Record($"task stopped: {task.Family} ({task.Arn}) {stopCode} exit {(exitCode is { } code ? code.ToString(CultureInfo.InvariantCulture) : "none")}");
    }

    private JsonObject OneOffJson(FakeOneOffTask task)
    {
        var json = new JsonObject
        {
            ["taskArn"] = task.Arn,
            ["clusterArn"] = Arn($"cluster/{task.Cluster}"),
            ["taskDefinitionArn"] = task.TaskDefinition,
            ["group"] = $"family:{task.Family}",
            ["lastStatus"] = task.LastStatus,
            ["desiredStatus"] = task.LastStatus == "STOPPED" ? "STOPPED" : "RUNNING",
            ["launchType"] = "FARGATE",
            ["startedAt"] = JsonWire.Epoch(task.StartedAt),
            ["containers"] = new JsonArray(new JsonObject
            {
                ["name"] = ((_registered[task.TaskDefinition]["containerDefinitions"] as JsonArray)!.OfType<JsonObject>().First()).Str("name"),
                ["image"] = task.Image,
                ["lastStatus"] = task.LastStatus,
                ["exitCode"] = task.ExitCode,
                ["reason"] = task.StopCode == "TaskFailedToStart" ? task.StoppedReason : null,
            }),
        };
        if (task.StoppedAt is { } stoppedAt)
        {
            json["stoppedAt"] = JsonWire.Epoch(stoppedAt);
            json["stopCode"] = task.StopCode;
            json["stoppedReason"] = task.StoppedReason;
        }

        return json;
    }

    private static Dictionary<string, string> Pairs(JsonNode? list, string valueKey) =>
        (list as JsonArray)?.OfType<JsonObject>().ToDictionary(p => p.Str("name")!, p => p.Str(valueKey) ?? "", StringComparer.Ordinal) ?? [];
}
