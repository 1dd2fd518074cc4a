using Platform.Build.Local;
using Platform.Build.Local.Docker;
using Platform.Build.Local.Registry;

namespace Platform.Build.Deploy;

/// <summary>
/// Puts each promoted image into the target environment's repository with the same digest: left alone when that repository
/// already holds the digest, else copied by digest (<c>docker buildx imagetools create</c>: the whole manifest list, blobs
/// mounted within one registry, streamed between two). Nothing is built.
/// </summary>
public sealed class ImagePromotion(DockerCli docker, TextWriter log, HttpMessageHandler? registryHandler = null)
{
    public async Task<IReadOnlyList<PinnedImage>> CopyAsync(IReadOnlyList<PinnedImage> images, string remotePrefix, string tag, RegistryCredentials credentials, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(images);
        using var http = registryHandler is null ? new HttpClient() : new HttpClient(registryHandler, disposeHandler: false);
        http.Timeout = TimeSpan.FromSeconds(30);
        var registry = new RegistryClient(http, credentials);
        var pusher = new ImagePusher(docker, log, registryHandler);
        await pusher.LoginAsync(credentials, cancellationToken);
        var result = new List<PinnedImage>();
        foreach (var image in images)
        {
            var target = $"{remotePrefix}{image.Service}";
            var targetReference = ImageReference.Parse($"{target}:{tag}") with { Tag = image.Digest };
            if (await HasAsync(registry, targetReference, cancellationToken))
            {
                log.WriteLine($"[{image.Service}] {target}@{image.Digest} is there already: nothing copied.");
            }
            else
            {
                if (!(await docker.RunAsync(DockerCommandLine.BuildxVersion(), cancellationToken: cancellationToken)).Succeeded)
                    throw new PlatformException($"{image.ByDigest} is not in {target}: copying it by digest (the whole manifest list) needs docker buildx (imagetools create), which this docker lacks.");
                await docker.RunCheckedAsync(DockerCommandLine.CopyByDigest(image.ByDigest, $"{target}:{tag}"), cancellationToken: cancellationToken);
                var copied = await registry.GetDigestsAsync(targetReference, cancellationToken);
                if (copied.Digest != image.Digest)
                    throw new PlatformException($"{target}:{tag} has digest {copied.Digest} after the copy, not {image.Digest}.");
                log.WriteLine($"[{image.Service}] copied {image.ByDigest} to {target}:{tag} (same digest).");
            }
            result.Add(image with { Repository = target, Tagged = $"{target}:{tag}" });
        }
        return result;
    }

    static async Task<bool> HasAsync(RegistryClient registry, ImageReference reference, CancellationToken cancellationToken)
    {
        try
        {
            await registry.GetDigestsAsync(reference, cancellationToken);
            return true;
        }
        catch (PlatformException e) when (e.Message.Contains(" answered 404 ", StringComparison.Ordinal))
        {
            return false;
        }
    }
}
