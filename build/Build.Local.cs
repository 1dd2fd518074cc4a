using BuildCore;

// --env local: the pipeline's targets run the platform on the local Docker engine instead of AWS.
partial class Build
{
    const string LocalEnvironment = "local";

    bool IsLocal => string.Equals(Env, LocalEnvironment, StringComparison.Ordinal);

    Task DeployLocalAsync(CancellationToken cancellationToken) => throw new BuildException("DeployStack --env local is not built yet.");

    Task RedeployLocalAsync(CancellationToken cancellationToken) => throw new BuildException("ForceRedeploy --env local is not built yet.");

    Task SmokeTestLocalAsync(CancellationToken cancellationToken) => throw new BuildException("SmokeTest --env local is not built yet.");
}
