using System.Globalization;
using Amazon.ECS;
using Amazon.ECS.Model;
using BuildCore;

namespace Platform.Build.Deploy;

/// <summary>
/// The role step on AWS (docs/design/database-roles.md): before the services start — before phase 2 on a first deploy, before
/// the change set on an update — register a one-off task definition of auth-service's image at this deploy's tag
/// (<c>provision-database-roles</c>, the master user's name and password injected by ECS from the RDS-managed secret), run it
/// in the service subnets and wait until it stops. Exit code 0 or the deploy stops there, before any service changes.
/// The step is idempotent: every run states the roles' end state.
/// </summary>
public sealed class DatabaseRoleStep(IAmazonECS ecs, TextWriter log, DeployTiming timing)
{
    public const string Command = "provision-database-roles";
    public const string ContainerName = "database-roles";

    /// <summary>The stack outputs the step needs (cloudformation/microserviceplatform.yaml, "role step").</summary>
    public static readonly IReadOnlyList<string> RequiredOutputs =
    [
        "ClusterName", "AuthRepositoryUri", "DbEndpoint", "DbPort", "DbName", "DbPoolBudget", "DatabaseMasterSecretArn",
        "DatabaseRolesExecutionRoleArn", "DatabaseRolesLogGroupName", "ServiceSubnetIds", "ServicesSecurityGroupId",
    ];

    readonly Waiter _waiter = new(log, timing.PollInterval, timing.ProgressInterval);

    public static string Family(string environment) => $"{environment}-database-roles";

    /// <summary>Runs the step; returns the stopped task's ARN. Throws a <see cref="BuildException"/> naming the reason when it fails.</summary>
    public async Task<string> RunAsync(string environment, string stackName, string region, string tag, IReadOnlyDictionary<string, string> outputs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        var missing = RequiredOutputs.Where(o => !outputs.ContainsKey(o)).ToList();
        if (missing.Count > 0)
            throw new BuildException(
                $"Stack {stackName} has no output {string.Join(", ", missing)}: it was deployed before the database role step existed, so the step " +
                "cannot run before this update. docs/operations.md (\"Move an environment to database roles\") has the one-time migration.");

        var registered = await ecs.RegisterTaskDefinitionAsync(TaskDefinition(environment, region, tag, outputs), cancellationToken);
        var taskDefinition = registered.TaskDefinition?.TaskDefinitionArn ?? throw new BuildException($"ECS registered no task definition for {Family(environment)}.");
        log.WriteLine($"Database roles: running {taskDefinition} (auth-service:{tag} {Command}) before the services start.");

        var cluster = outputs["ClusterName"];
        var run = await ecs.RunTaskAsync(new RunTaskRequest
        {
            Cluster = cluster,
            TaskDefinition = taskDefinition,
            LaunchType = "FARGATE",
            Count = 1,
            StartedBy = "DeployStack",
            NetworkConfiguration = new NetworkConfiguration
            {
                AwsvpcConfiguration = new AwsVpcConfiguration
                {
                    Subnets = [.. outputs["ServiceSubnetIds"].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)],
                    SecurityGroups = [outputs["ServicesSecurityGroupId"]],
                    AssignPublicIp = "DISABLED",
                },
            },
        }, cancellationToken);
        if (run.Failures is { Count: > 0 } failures || run.Tasks is not [{ TaskArn: { } taskArn }])
            throw new BuildException($"ECS did not start the database role task: {string.Join("; ", (run.Failures ?? []).Select(f => $"{f.Arn} {f.Reason} {f.Detail}".Trim()))}");

        var expectation = timing.Clock.Expect("database roles", TypicalDurations.OneOffTask);
        var stopped = await _waiter.UntilAsync($"the database role task {taskArn} to stop", timing.RolloutBudget, async ct =>
        {
            var described = await ecs.DescribeTasksAsync(new DescribeTasksRequest { Cluster = cluster, Tasks = [taskArn] }, ct);
            var task = described.Tasks?.FirstOrDefault();
            return (task?.LastStatus == "STOPPED", task, task?.LastStatus ?? "not found");
        }, elapsed => DeployClock.Outlook(elapsed, expectation), cancellationToken);

        var container = stopped?.Containers?.FirstOrDefault(c => c.Name == ContainerName);
        if (container?.ExitCode is 0)
        {
            log.WriteLine($"Database roles: done (exit code 0); the task's lines are in log group {outputs["DatabaseRolesLogGroupName"]}.");
            return taskArn;
        }

        var exit = container?.ExitCode is { } code ? $"exit code {code.ToString(CultureInfo.InvariantCulture)}" : "no exit code";
        throw new BuildException(
            $"The database role task {taskArn} failed ({exit}; {stopped?.StopCode}: {stopped?.StoppedReason}" +
            (container?.Reason is { Length: > 0 } reason ? $"; container: {reason}" : "") +
            $"). No service was changed. Its output is in log group {outputs["DatabaseRolesLogGroupName"]}, stream {ContainerName}/{ContainerName}/{taskArn[(taskArn.LastIndexOf('/') + 1)..]}.");
    }

    static RegisterTaskDefinitionRequest TaskDefinition(string environment, string region, string tag, IReadOnlyDictionary<string, string> outputs) => new()
    {
        Family = Family(environment),
        ExecutionRoleArn = outputs["DatabaseRolesExecutionRoleArn"],
        NetworkMode = "awsvpc",
        RequiresCompatibilities = ["FARGATE"],
        Cpu = "256",
        Memory = "512",
        // As the services' tasks: a read-only root with a writable /tmp (the .NET runtime's diagnostics socket).
        Volumes = [new Volume { Name = "tmp" }],
        ContainerDefinitions =
        [
            new ContainerDefinition
            {
                Name = ContainerName,
                Image = $"{outputs["AuthRepositoryUri"]}:{tag}",
                Essential = true,
                Command = [Command],
                User = "1654",
                ReadonlyRootFilesystem = true,
                MountPoints = [new MountPoint { SourceVolume = "tmp", ContainerPath = "/tmp" }],
                Environment =
                [
                    new() { Name = "DB_HOST", Value = outputs["DbEndpoint"] },
                    new() { Name = "DB_PORT", Value = outputs["DbPort"] },
                    new() { Name = "DB_NAME", Value = outputs["DbName"] },
                    new() { Name = "DB_ROLE_LOGIN", Value = "iam" },
                    new() { Name = "DB_POOL_BUDGET", Value = outputs["DbPoolBudget"] },
                ],
                // ECS reads the secret when the task starts: always the current value, whatever rotation did since.
                Secrets =
                [
                    new() { Name = "DB_MASTER_USER", ValueFrom = $"{outputs["DatabaseMasterSecretArn"]}:username::" },
                    new() { Name = "DB_MASTER_PASSWORD", ValueFrom = $"{outputs["DatabaseMasterSecretArn"]}:password::" },
                ],
                LogConfiguration = new LogConfiguration
                {
                    LogDriver = "awslogs",
                    Options = new Dictionary<string, string>(StringComparer.Ordinal)
                    {
                        ["awslogs-group"] = outputs["DatabaseRolesLogGroupName"],
                        ["awslogs-region"] = region,
                        ["awslogs-stream-prefix"] = ContainerName,
                    },
                },
            },
        ],
    };
}
