using BuildCore;
using Platform.Build.Deploy.Status;
using Platform.Build.Local.Platform;
using Platform.Build.Local.Status;
using Spectre.Console;

// Status: one screen of an environment's state, and a non-zero exit when anything is unhealthy, so a workflow can gate on it
// (docs/design/status.md). AWS: the stack, ECS, ELBv2 target health, CloudWatch alarms, SQS. --env local: the containers.
partial class Build
{
    Target Status => _ => _
        .Description("One screen of an environment: stack, services (running/desired, rollout, task definition, image), target health, alarms in ALARM, queue and DLQ depth, the dashboard's URL. Fails when anything is unhealthy.")
        .Requires(() => Env)
        .RequiresWhen(() => !IsLocal, "--env is not local", () => Region)
        .Executes(async ct =>
        {
            var status = IsLocal ? await LocalStatusAsync(ct) : await AwsStatusAsync(ct);
            Output.WriteLine(StatusScreen.Format(status, DateTime.UtcNow));
            if (!status.IsHealthy)
                throw new BuildException($"{status.Environment} is unhealthy: {status.Problems.Count} problem(s), listed above.");
        });

    Task<EnvironmentStatus> LocalStatusAsync(CancellationToken cancellationToken) =>
        TranslatePlatformErrorsAsync(() => new LocalStatusReader(Docker, LocalPlatformOptions.FromEnvironment(Tag ?? "any", EnvironmentVariable) with
        {
            GatewayPort = LocalGatewayPort,
        }).ReadAsync(cancellationToken));

    async Task<EnvironmentStatus> AwsStatusAsync(CancellationToken cancellationToken)
    {
        EnvironmentStatus? status = null;
        await WithAwsAsync(async aws =>
        {
            using var cloudFormation = aws.CreateCloudFormation();
            using var ecs = aws.CreateEcs();
            using var elbv2 = aws.CreateElasticLoadBalancingV2();
            using var cloudWatch = aws.CreateCloudWatch();
            using var sqs = aws.CreateSqs();
            status = await new AwsStatusReader(cloudFormation, ecs, elbv2, cloudWatch, sqs)
                .ReadAsync(new AwsEnvironment(Env!, ResolvedStackName, ClusterName, EcsServiceNames), cancellationToken);
        });
        return status!;
    }
}
