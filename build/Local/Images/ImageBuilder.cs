using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Platform.Build.Local.Docker;

namespace Platform.Build.Local.Images;

/// <summary>
/// Builds the service images, a bounded number at a time. The console gets one line per image (built or cached,
/// duration, size); BuildKit's full output goes to <see cref="ImageBuildOptions.LogDirectory"/> and reaches the
/// console only for an image that failed, which fails the build with its name and Docker's last lines.
/// </summary>
public sealed class ImageBuilder(DockerCli docker, TextWriter log)
{
    private readonly TextWriter _log = TextWriter.Synchronized(log);

    public async Task<bool> IsBuildxAvailableAsync(CancellationToken cancellationToken = default) =>
        (await docker.RunAsync(DockerCommandLine.BuildxVersion(), cancellationToken: cancellationToken)).Succeeded;

    /// <summary>The builds <see cref="BuildAsync"/> runs, without running them.</summary>
    public static IReadOnlyList<ImageBuildSpec> Plan(ImageBuildOptions options, bool useBuildx)
    {
        ArgumentNullException.ThrowIfNull(options);
        Validate(options);
        // Multi-platform needs a registry to land in; buildx without a push builds (and loads) the host platform.
        var platforms = useBuildx && options.Push ? options.Platforms : [];
        return [.. options.Images.Select(name => new ImageBuildSpec(
            name,
            ServiceImages.Dockerfile(options.RepositoryRoot, name),
            options.RepositoryRoot,
            ServiceImages.Reference(options.RepositoryPrefix, name, options.Tag))
        {
            BuildArgs = options.BuildArgs,
            UseBuildx = useBuildx,
            Platforms = platforms,
            Push = useBuildx && options.Push,
        })];
    }

    public async Task<IReadOnlyList<BuiltImage>> BuildAsync(ImageBuildOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        Validate(options);
        foreach (var name in options.Images)
        {
            var dockerfile = ServiceImages.Dockerfile(options.RepositoryRoot, name);
            if (!File.Exists(dockerfile))
            {
                throw new PlatformException($"image '{name}': {dockerfile} does not exist");
            }
        }

        var useBuildx = options.UseBuildx ?? await IsBuildxAvailableAsync(cancellationToken);
        var host = HostPlatform();
        if (!useBuildx)
        {
            _log.WriteLine($"buildx not available: building for the host platform only ({host}) with DOCKER_BUILDKIT=1 docker build");
        }
        else if (!options.Push)
        {
            _log.WriteLine($"buildx without a registry: building for the host platform only ({host}); multi-arch images need a push");
        }
        else
        {
            _log.WriteLine($"buildx: building {string.Join(", ", options.Platforms)} and pushing from the build");
        }

        var specs = Plan(options, useBuildx);
        var logs = Path.GetRelativePath(options.RepositoryRoot, options.LogDirectory);
        _log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"building {specs.Count} images, {options.MaxParallel} at a time; BuildKit's full output in {Path.Combine(logs, "<image>.log")}"));
        var nameWidth = specs.Max(spec => spec.Name.Length);
        using var gate = new SemaphoreSlim(Math.Max(1, options.MaxParallel));
        using var failFast = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var builds = specs.Select(spec => BuildOneAsync(spec, host, new ImageConsole(options, nameWidth), gate, failFast)).ToList();
        try
        {
            return await Task.WhenAll(builds);
        }
        catch (PlatformException) when (!cancellationToken.IsCancellationRequested)
        {
            // Report every real failure; builds cancelled because of the first one say nothing.
            var failures = builds.Where(b => b.IsFaulted).Select(b => b.Exception!.InnerException!.Message).ToList();
            throw new PlatformException(string.Join(Environment.NewLine, failures));
        }
    }

    private async Task<BuiltImage> BuildOneAsync(ImageBuildSpec spec, string host, ImageConsole console, SemaphoreSlim gate, CancellationTokenSource failFast)
    {
        await gate.WaitAsync(failFast.Token);
        try
        {
            var clock = Stopwatch.StartNew();
            await using var buildLog = ImageBuildLog.Create(console.Options.LogDirectory, spec.Name);
            var progress = new BuildKitProgress();
            var command = DockerCommandLine.Build(spec);
            buildLog.WriteLine(command.ToString());
            var result = await docker.RunAsync(command, null, line => { buildLog.WriteLine(line); progress.Observe(line); }, failFast.Token);
            if (!result.Succeeded)
            {
                await failFast.CancelAsync();
                var failed = ImageBuildLine.Failed(spec.Name, console.NameWidth, clock.Elapsed, result.ExitCode, console.Relative(buildLog.File));
                _log.WriteLine(failed + Environment.NewLine + DockerCli.Indent(Lines(await buildLog.ReadAllAsync(CancellationToken.None))));
                throw new PlatformException(
                    $"image {spec.Name} ({spec.Image}) failed to build (exit {result.ExitCode}); Docker's last lines:{Environment.NewLine}{DockerCli.Indent(result.LastLines)}");
            }

            var built = new BuiltImage(spec.Name, spec.Image, spec.Push, spec.Platforms.Count > 0 ? spec.Platforms : [host], clock.Elapsed)
            {
                SizeBytes = spec.Push ? null : await ImageSizeAsync(spec.Image, failFast.Token),
                Status = spec.Push ? ImageBuildStatus.Pushed : progress.AllStepsCached ? ImageBuildStatus.Cached : ImageBuildStatus.Built,
            };
            _log.WriteLine(ImageBuildLine.Succeeded(built, console.NameWidth));
            return built;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>The local image's size in bytes; null when Docker does not say.</summary>
    private async Task<long?> ImageSizeAsync(string image, CancellationToken cancellationToken)
    {
        var result = await docker.RunAsync(DockerCommandLine.ImageSize(image), cancellationToken: cancellationToken);
        return result.Succeeded && long.TryParse(result.StandardOutput.Trim(), CultureInfo.InvariantCulture, out var bytes) ? bytes : null;
    }

    private static IEnumerable<string> Lines(string text) => text.Split('\n').Select(line => line.TrimEnd('\r')).Where(line => line.Length > 0);

    /// <summary>What every image's console line shares: the options (for paths) and the width of the name column.</summary>
    private sealed record ImageConsole(ImageBuildOptions Options, int NameWidth)
    {
        public string Relative(string file) => Path.GetRelativePath(Options.RepositoryRoot, file);
    }

    private static void Validate(ImageBuildOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.Tag) || options.Tag.Length > 128
            || !options.Tag.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-') || options.Tag[0] is '.' or '-')
        {
            throw new PlatformException($"tag: '{options.Tag}' is not a valid image tag (letters, digits, '_', '.', '-'; at most 128)");
        }

        if (options.RepositoryPrefix.Length > 0 && !options.RepositoryPrefix.EndsWith('/'))
        {
            throw new PlatformException($"repository prefix: '{options.RepositoryPrefix}' must end with '/'");
        }

        if (options.Images.Count == 0)
        {
            throw new PlatformException("images: nothing to build");
        }
    }

    public static string HostPlatform() => "linux/" + RuntimeInformation.OSArchitecture switch
    {
        Architecture.X64 => "amd64",
        Architecture.Arm64 => "arm64",
        var other => other.ToString().ToLowerInvariant(),
    };
}
