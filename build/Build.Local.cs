using BuildCore;

// --env local: the pipeline's targets run the platform on the local Docker engine instead of AWS.
partial class Build
{
    const string LocalEnvironment = "local";

    bool IsLocal => string.Equals(Env, LocalEnvironment, StringComparison.Ordinal);

    Task DeployLocalAsync(CancellationToken cancellationToken) => LocalNotBuiltYet(nameof(DeployStack));

    Task RedeployLocalAsync(CancellationToken cancellationToken) => LocalNotBuiltYet(nameof(ForceRedeploy));

    Task SmokeTestLocalAsync(CancellationToken cancellationToken) => LocalNotBuiltYet(nameof(SmokeTest));

    Task LocalNotBuiltYet(string target) =>
        Task.FromException(new BuildException($"{target} --env {Env} is not built yet."));
}
