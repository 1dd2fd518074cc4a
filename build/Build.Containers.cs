using BuildCore;
using Spectre.Console;
using Platform.Build.Deploy;
using Platform.Build.Local.Docker;
using Platform.Build.Local.Images;
using Platform.Build.Local.Registry;

// Images: ContainerBuild builds them on the local engine; Push puts them where the environment pulls from
// (ECR for dev/staging/prod, --registry for local). Why multi-arch happens in Push: docs/design/multi-arch-in-push.md.
partial class Build
{
    [Parameter("Image tag for the service images. Default: the git short SHA (git rev-parse --short HEAD).")]
    readonly string? Tag;

    [Parameter("Container registry: for --env local, where Push pushes (e.g. 127.0.0.1:5000, no auth); for AWS environments, " +
               "overrides the ECR registry <account>.dkr.ecr.<region>.amazonaws.com.")]
    readonly string? Registry;

    /// <summary>The docker client; tests put a recording one here.</summary>
    internal DockerCli Docker { get; init; } = new();

    /// <summary>How the manifest check reaches the registry; null is the network (tests answer in-process).</summary>
    internal HttpMessageHandler? RegistryHandler { get; init; }

    /// <summary>
    /// AWS images are &lt;env&gt;/&lt;service&gt;, as the ECR repositories; local ones (and a plain ContainerBuild without --env)
    /// carry the platform/ prefix, or the --registry one.
    /// </summary>
    string ImagePrefix => IsLocal || string.IsNullOrEmpty(Env) ? LocalImagePrefix : $"{Env}/";

    IReadOnlyList<string> ImageNames => IsLocal ? ServiceImages.Local : ServiceImages.Services;

    Target ContainerBuild => _ => _
        .Description("Builds the service images (local: plus the gateway), in parallel; multi-arch with buildx, else the host platform.")
        .DependsOn(Test)
        .Validates(CheckDeployInputs)
        .Executes(async ct =>
        {
            var tag = await ImageTagAsync(ct);
            await TranslatePlatformErrors(() => new ImageBuilder(Docker, Log).BuildAsync(new ImageBuildOptions
            {
                RepositoryRoot = RootDirectory,
                RepositoryPrefix = ImagePrefix,
                Tag = tag,
                Images = ImageNames,
            }, ct));
        });

    Target Push => _ => _
        .Description("Pushes the images (ECR, or --registry for local) and checks each manifest has linux/amd64. First AWS deploy: creates the stack's phase 1 first.")
        .DependsOn(ContainerBuild)
        .Requires(() => Env)
        .RequiresWhen(() => !IsLocal, "--env is not local", () => Region, () => AcmCertificateArn)
        .Validates(CheckDeployInputs)
        .Executes(async ct =>
        {
            var tag = await ImageTagAsync(ct);
            if (IsLocal)
            {
                await PushLocalAsync(tag, ct);
                return;
            }
            if (ChangeSetOnly)
            {
                Output.WriteLine("--change-set-only: nothing is pushed and no stack is touched; DeployStack prints the change set and stops.");
                return;
            }

            await WithAwsAsync(async aws =>
            {
                await EnsureRepositoriesAsync(aws, tag, ct);
                var registry = await RegistryForAwsAsync(aws, ct);
                var login = await EcrLogin.GetAsync(aws.CreateEcr(), registry, ct);
                AddSecret(login.Password);
                var credentials = new RegistryCredentials(login.Registry, login.User, login.Password);
                await TranslatePlatformErrors(async () =>
                {
                    var docker = Docker;
                    var pusher = new ImagePusher(docker, Log, RegistryHandler);
                    await pusher.LoginAsync(credentials, ct);
                    var builder = new ImageBuilder(docker, Log);
                    var pushed = ServiceImages.Services.Select(name => ServiceImages.Reference($"{registry}/{Env}/", name, tag)).ToList();
                    if (await builder.IsBuildxAvailableAsync(ct))
                    {
                        // A multi-platform image can only land in a registry: buildx builds and pushes in one go (layers are cached from ContainerBuild).
                        await builder.BuildAsync(new ImageBuildOptions { RepositoryRoot = RootDirectory, RepositoryPrefix = $"{registry}/{Env}/", Tag = tag, Push = true }, ct);
                    }
                    else
                    {
                        foreach (var name in ServiceImages.Services)
                        {
                            var target = ServiceImages.Reference($"{registry}/{Env}/", name, tag);
                            await docker.RunCheckedAsync(DockerCommandLine.Tag(ServiceImages.Reference(ImagePrefix, name, tag), target), cancellationToken: ct);
                            await pusher.PushAsync(name, target, ct);
                        }
                    }
                    await pusher.VerifyPlatformsAsync(pushed, credentials, cancellationToken: ct);
                });
                Output.WriteLine($"Pushed {ServiceImages.Services.Count} images with tag {tag} to {registry}/{Env}/.");
            });
        });

    async Task PushLocalAsync(string tag, CancellationToken cancellationToken)
    {
        if (Registry is not { Length: > 0 })
        {
            Output.WriteLine("Push skipped: --env local runs the images ContainerBuild put in the local Docker engine; pass --registry (e.g. 127.0.0.1:5000) to push them.");
            return;
        }

        var images = ImageNames.Select(name => ServiceImages.Reference(LocalImagePrefix, name, tag)).ToList();
        await TranslatePlatformErrors(async () =>
        {
            var pusher = new ImagePusher(Docker, Log, RegistryHandler);
            foreach (var (name, image) in ImageNames.Zip(images))
                await pusher.PushAsync(name, image, cancellationToken);
            await pusher.VerifyPlatformsAsync(images, cancellationToken: cancellationToken);
        });
    }
}
