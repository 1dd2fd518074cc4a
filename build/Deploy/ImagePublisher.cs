using Platform.Build.Local;
using Platform.Build.Local.Docker;
using Platform.Build.Local.Images;
using Platform.Build.Local.Registry;

namespace Platform.Build.Deploy;

/// <summary>
/// Push for an AWS environment: logs in to ECR, puts the service images there (buildx builds and pushes every platform in
/// one go; without buildx the host-built images are tagged and pushed), then checks each manifest has linux/amd64. An image
/// whose tag is already in the repository is left alone: the repositories' tags are IMMUTABLE, so a second push of the same
/// tag (a re-run of the same commit) would be refused.
/// </summary>
public sealed class ImagePublisher(DockerCli docker, TextWriter log, HttpMessageHandler? registryHandler = null)
{
    public async Task PublishAsync(string repositoryRoot, string localPrefix, string remotePrefix, string tag, RegistryCredentials credentials, CancellationToken cancellationToken)
    {
        var pusher = new ImagePusher(docker, log, registryHandler);
        await pusher.LoginAsync(credentials, cancellationToken);
        var toPush = new List<string>();
        foreach (var name in ServiceImages.Services)
        {
            var target = ServiceImages.Reference(remotePrefix, name, tag);
            if (await ExistsAsync(target, credentials, cancellationToken))
                log.WriteLine($"[{name}] already in the registry: {target} (its tag is immutable; not pushed again)");
            else
                toPush.Add(name);
        }

        var builder = new ImageBuilder(docker, log);
        if (toPush.Count > 0 && await builder.IsBuildxAvailableAsync(cancellationToken))
        {
            // A multi-platform image can only land in a registry: buildx builds and pushes (layers are cached from ContainerBuild).
            await builder.BuildAsync(new ImageBuildOptions { RepositoryRoot = repositoryRoot, RepositoryPrefix = remotePrefix, Tag = tag, Images = toPush, Push = true }, cancellationToken);
        }
        else
        {
            foreach (var name in toPush)
            {
                var target = ServiceImages.Reference(remotePrefix, name, tag);
                await docker.RunCheckedAsync(DockerCommandLine.Tag(ServiceImages.Reference(localPrefix, name, tag), target), cancellationToken: cancellationToken);
                await pusher.PushAsync(name, target, cancellationToken);
            }
        }

        var pushed = ServiceImages.Services.Select(name => ServiceImages.Reference(remotePrefix, name, tag)).ToList();
        await pusher.VerifyPlatformsAsync(pushed, credentials, cancellationToken: cancellationToken);
    }

    async Task<bool> ExistsAsync(string image, RegistryCredentials credentials, CancellationToken cancellationToken)
    {
        using var http = registryHandler is null ? new HttpClient() : new HttpClient(registryHandler, disposeHandler: false);
        http.Timeout = TimeSpan.FromSeconds(30);
        try
        {
            await new RegistryClient(http, credentials).GetPlatformsAsync(ImageReference.Parse(image), cancellationToken);
            return true;
        }
        catch (PlatformException e) when (e.Message.Contains(" answered 404 ", StringComparison.Ordinal))
        {
            return false;
        }
    }
}
