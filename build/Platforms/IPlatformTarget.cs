/// <summary>
/// Where the pipeline's deploy-side targets act: the local Docker engine (<c>--env local</c>) or an AWS environment. The
/// choice is made once, from --env (<c>Build.Platform</c>); the targets only say which step runs.
/// </summary>
interface IPlatformTarget
{
    /// <summary>Input checks that need nothing but the command line and the template.</summary>
    void CheckInputs();

    /// <summary>Input checks that ask the platform (e.g. ACM for the certificate).</summary>
    Task CheckInputsRemotelyAsync(CancellationToken cancellationToken);

    Task ValidateAsync(CancellationToken cancellationToken);

    Task PushAsync(CancellationToken cancellationToken);

    Task DeployAsync(CancellationToken cancellationToken);

    Task RedeployAsync(CancellationToken cancellationToken);

    Task SmokeTestAsync(CancellationToken cancellationToken);
}
