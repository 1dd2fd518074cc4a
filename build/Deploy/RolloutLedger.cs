namespace Platform.Build.Deploy;

/// <summary>
/// The ECS deployments this run produced (DeployStack's stack update started them and waited for them), so ForceRedeploy
/// does not replace every task a second time. One per build run; nothing is kept between runs.
/// </summary>
public sealed class RolloutLedger
{
    readonly Dictionary<string, (string DeploymentId, string TaskDefinition)> _rolled = new(StringComparer.Ordinal);

    public void Record(string service, string deploymentId, string taskDefinition) => _rolled[service] = (deploymentId, taskDefinition);

    /// <summary>The task definition of the deployment this run produced for the service, if it is still the service's current one.</summary>
    public string? CurrentFromThisRun(string service, string primaryDeploymentId) =>
        _rolled.TryGetValue(service, out var rolled) && rolled.DeploymentId == primaryDeploymentId ? rolled.TaskDefinition : null;
}
