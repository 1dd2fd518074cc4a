using Platform.Build.Aws;
using Platform.Build.Deploy;

partial class Build
{
    /// <summary>
    /// The role step, before the services start (docs/design/database-roles.md): DeployStack calls it once the stack exists
    /// and this tag's images are in ECR, right before the change set that creates or updates the services.
    /// </summary>
    async Task RunDatabaseRoleStepAsync(AwsClientFactory aws, string tag, CancellationToken cancellationToken)
    {
        using var cloudFormation = aws.CreateCloudFormation();
        var stack = await new StackDeployer(cloudFormation, Log, Timing).DescribeAsync(ResolvedStackName, cancellationToken);
        using var ecs = aws.CreateEcs();
        await new DatabaseRoleStep(ecs, Log, Timing).RunAsync(Env!, ResolvedStackName, aws.Region, tag, StackDeployer.OutputsOf(stack), cancellationToken);
    }
}
