using BuildCore;
using Platform.Build.Local;
using Platform.Build.Local.Registry;

namespace Platform.Build.Deploy;

/// <summary>
/// Before any ECS service is created or pointed at new images: every image the stack will run is in its ECR repository with
/// a linux/amd64 manifest (the Fargate runtime platform). ECS cannot start a task without it, never stabilises the service,
/// and CloudFormation rolls the whole stack back after its stabilisation wait, many minutes later.
/// </summary>
public sealed class ImageAvailability(TextWriter log, HttpMessageHandler? registryHandler = null)
{
    /// <summary>Returns null when every image is there, else the images that are missing or lack linux/amd64, one per line.</summary>
    public async Task<IReadOnlyList<string>> MissingAsync(IReadOnlyList<string> images, RegistryCredentials credentials, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(images);
        using var http = registryHandler is null ? new HttpClient() : new HttpClient(registryHandler, disposeHandler: false);
        http.Timeout = TimeSpan.FromSeconds(30);
        var registry = new RegistryClient(http, credentials);
        var missing = new List<string>();
        foreach (var image in images)
        {
            IReadOnlyList<string>? platforms;
            try
            {
                platforms = await registry.GetPlatformsAsync(ImageReference.Parse(image), cancellationToken);
            }
            catch (PlatformException e) when (e.Message.Contains(" answered 404 ", StringComparison.Ordinal))
            {
                platforms = null;
            }

            if (platforms is null)
                missing.Add($"{image}: not in the repository");
            else if (!platforms.Any(p => string.Join('/', p.Split('/').Take(2)) == ImagePusher.RequiredPlatform))
                missing.Add($"{image}: no {ImagePusher.RequiredPlatform} image (found: {(platforms.Count == 0 ? "none" : string.Join(", ", platforms))})");
            else
                log.WriteLine($"image ok: {image} ({string.Join(", ", platforms)})");
        }
        return missing;
    }
}
