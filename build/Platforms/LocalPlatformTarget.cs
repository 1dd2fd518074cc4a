using Platform.Build.Local.Smoke;
using Spectre.Console;

partial class Build
{
    /// <summary>--env local: the platform on the local Docker engine, services/local-gateway standing in for the ALB.</summary>
    sealed class LocalPlatformTarget(Build build) : IPlatformTarget
    {
        public void CheckInputs()
        {
        }

        public Task CheckInputsRemotelyAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task ValidateAsync(CancellationToken cancellationToken)
        {
            build.Output.WriteLine("Validate skipped: --env local does not use the CloudFormation template.");
            return Task.CompletedTask;
        }

        public Task PushAsync(CancellationToken cancellationToken) => build.PushLocalAsync(cancellationToken);

        public Task DeployAsync(CancellationToken cancellationToken) => build.DeployLocalAsync(cancellationToken);

        public Task RedeployAsync(CancellationToken cancellationToken) => build.RedeployLocalAsync(cancellationToken);

        public Task SmokeTestAsync(CancellationToken cancellationToken) => build.SmokeTestLocalAsync(cancellationToken);
    }
}
