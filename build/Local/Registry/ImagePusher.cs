using Platform.Build.Local.Docker;
using Platform.Build.Local.Images;

namespace Platform.Build.Local.Registry;

/// <summary>
/// Logs in (password on stdin), pushes, then checks through the registry's HTTP API that every pushed tag holds the
/// platform the cluster runs (linux/amd64: Fargate's default; an arm64-only image is the seed's CannotPullContainerError).
/// </summary>
public sealed class ImagePusher(DockerCli docker, TextWriter log, HttpMessageHandler? handler = null)
{
    public const string RequiredPlatform = "linux/amd64";

    private readonly TextWriter _log = TextWriter.Synchronized(log);

    /// <summary><c>docker login --password-stdin</c>: needed before a buildx build that pushes, and before <see cref="PushAsync"/>.</summary>
    public async Task LoginAsync(RegistryCredentials credentials, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        var result = await docker.RunAsync(DockerCommandLine.Login(credentials.Registry, credentials.User), credentials.Password, null, cancellationToken);
        if (!result.Succeeded)
        {
            // docker never echoes the password; its error text says why (bad token, unreachable registry).
            throw new PlatformException($"docker login to {credentials.Registry} as {credentials.User} failed:{Environment.NewLine}{DockerCli.Indent(result.LastLines)}");
        }

        _log.WriteLine($"logged in to {credentials.Registry} as {credentials.User}");
    }

    /// <summary>Pushes the images that the build has not pushed already (buildx pushes from the build).</summary>
    public async Task PushAsync(IEnumerable<BuiltImage> images, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(images);
        foreach (var image in images)
        {
            if (image.Pushed)
            {
                _log.WriteLine($"[{image.Name}] pushed by the build: {image.Image}");
                continue;
            }

            await PushAsync(image.Name, image.Image, cancellationToken);
        }
    }

    public async Task PushAsync(string name, string image, CancellationToken cancellationToken = default)
    {
        ImageReference.Parse(image); // a reference without a registry host would go to Docker Hub
        var prefix = $"[{name}] ";
        _log.WriteLine(prefix + "docker push " + image);
        var result = await docker.RunAsync(DockerCommandLine.Push(image), null, line =>
        {
            if (!string.IsNullOrWhiteSpace(line))
            {
                _log.WriteLine(prefix + line);
            }
        }, cancellationToken);
        if (!result.Succeeded)
        {
            throw new PlatformException($"image {name}: docker push {image} failed (exit {result.ExitCode}):{Environment.NewLine}{DockerCli.Indent(result.LastLines)}");
        }
    }

    /// <summary>
    /// Reads each tag's manifest from the registry and fails, naming the image and the platforms found, when one lacks
    /// <paramref name="requiredPlatform"/>. Returns the platforms of every image.
    /// </summary>
    public async Task<IReadOnlyList<(string Image, IReadOnlyList<string> Platforms)>> VerifyPlatformsAsync(
        IEnumerable<string> images, RegistryCredentials? credentials = null, string requiredPlatform = RequiredPlatform, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(images);
        using var http = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
        http.Timeout = TimeSpan.FromSeconds(30);
        var registry = new RegistryClient(http, credentials);
        var results = new List<(string, IReadOnlyList<string>)>();
        var missing = new List<string>();
        foreach (var image in images)
        {
            var reference = ImageReference.Parse(image);
            var platforms = await registry.GetPlatformsAsync(reference, cancellationToken);
            var found = platforms.Count == 0 ? "none" : string.Join(", ", platforms);
            // linux/amd64 with any variant would do, but amd64 images carry none in practice; compare os/arch only.
            if (platforms.Any(p => string.Join('/', p.Split('/').Take(2)) == requiredPlatform))
            {
                _log.WriteLine($"manifest ok: {image} has {found}");
            }
            else
            {
                missing.Add($"{image} has no {requiredPlatform} (found: {found})");
            }

            results.Add((image, platforms));
        }

        if (missing.Count > 0)
        {
            throw new PlatformException("manifest check failed: " + string.Join("; ", missing));
        }

        return results;
    }
}
