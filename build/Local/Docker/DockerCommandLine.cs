using System.Globalization;

namespace Platform.Build.Local.Docker;

/// <summary>
/// The exact docker command lines the build runs, as data: the build targets run them through <see cref="DockerCli"/>,
/// the tests check them without a Docker engine (the buildx multi-arch line can only be checked this way here).
/// </summary>
public static class DockerCommandLine
{
    public static DockerCommand BuildxVersion() => new(["buildx", "version"]);

    /// <summary>
    /// With buildx: one multi-platform build. A multi-platform result cannot be loaded into the local image store, so it
    /// goes straight to the registry (<c>--push</c>); a single-platform buildx build without a registry is loaded
    /// (<c>--load</c>). Without buildx: the classic client with BuildKit on, for the host platform only.
    /// </summary>
    public static DockerCommand Build(ImageBuildSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var arguments = new List<string>();
        if (spec.UseBuildx)
        {
            arguments.AddRange(["buildx", "build"]);
            if (spec.Platforms.Count > 0)
            {
                arguments.AddRange(["--platform", string.Join(',', spec.Platforms)]);
            }
        }
        else
        {
            arguments.Add("build");
        }

        arguments.AddRange(["--file", spec.Dockerfile, "--tag", spec.Image, "--progress", "plain"]);
        foreach (var (name, value) in spec.BuildArgs.OrderBy(a => a.Key, StringComparer.Ordinal))
        {
            arguments.AddRange(["--build-arg", $"{name}={value}"]);
        }

        if (spec.UseBuildx)
        {
            arguments.Add(spec.Push ? "--push" : "--load");
        }

        arguments.Add(spec.Context);
        return spec.UseBuildx
            ? new DockerCommand(arguments)
            : new DockerCommand(arguments, new Dictionary<string, string> { ["DOCKER_BUILDKIT"] = "1" }) { PublicEnvironment = new HashSet<string> { "DOCKER_BUILDKIT" } };
    }

    /// <summary>The password goes on stdin: never on the command line, where the process list would show it.</summary>
    public static DockerCommand Login(string registry, string user) => new(["login", "--username", user, "--password-stdin", registry]);

    public static DockerCommand Push(string image) => new(["push", image]);

    public static DockerCommand Tag(string source, string target) => new(["tag", source, target]);

    /// <summary>Copies an image (its whole manifest list) by digest to another name; the copy keeps the digest.</summary>
    public static DockerCommand CopyByDigest(string sourceByDigest, string target) => new(["buildx", "imagetools", "create", "--tag", target, sourceByDigest]);

    public static DockerCommand ImageExists(string image) => new(["image", "inspect", "--format", "{{.Id}}", image]);

    /// <summary>Prints a local image's size in bytes.</summary>
    public static DockerCommand ImageSize(string image) => new(["image", "inspect", "--format", "{{.Size}}", image]);

    public static DockerCommand NetworkCreate(string name, IReadOnlyDictionary<string, string> labels) =>
        new(["network", "create", .. LabelArguments(labels), name]);

    public static DockerCommand VolumeCreate(string name, IReadOnlyDictionary<string, string> labels) =>
        new(["volume", "create", .. LabelArguments(labels), name]);

    public static DockerCommand Run(ContainerSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var arguments = new List<string> { "run", "--detach", "--name", spec.Name };
        if (spec.Network is { } network)
        {
            arguments.AddRange(["--network", network]);
            foreach (var alias in spec.NetworkAliases)
            {
                arguments.AddRange(["--network-alias", alias]);
            }
        }

        arguments.AddRange(LabelArguments(spec.Labels));
        foreach (var (hostPort, containerPort) in spec.Ports)
        {
            // 127.0.0.1 only: nothing of the local platform is reachable from other machines.
            arguments.AddRange(["--publish", hostPort == 0 ? $"127.0.0.1::{containerPort}" : $"127.0.0.1:{hostPort}:{containerPort}"]);
        }

        foreach (var (volume, path) in spec.Volumes)
        {
            arguments.AddRange(["--volume", $"{volume}:{path}"]);
        }

        foreach (var (name, value) in spec.Environment.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            arguments.AddRange(["--env", $"{name}={value}"]);
        }

        foreach (var name in spec.SecretEnvironment.Keys.Order(StringComparer.Ordinal))
        {
            arguments.AddRange(["--env", name]); // docker takes the value from its own environment
        }

        if (spec.ReadOnlyRootFilesystem)
        {
            arguments.Add("--read-only");
        }

        foreach (var path in spec.Tmpfs)
        {
            arguments.AddRange(["--tmpfs", path]);
        }

        if (spec.NoHealthcheck)
        {
            arguments.Add("--no-healthcheck");
        }

        if (spec.StopTimeoutSeconds is { } stopTimeout)
        {
            arguments.AddRange(["--stop-timeout", stopTimeout.ToString(CultureInfo.InvariantCulture)]);
        }

        arguments.Add(spec.Image);
        arguments.AddRange(spec.Command);
        return new DockerCommand(arguments, spec.SecretEnvironment);
    }

    /// <summary>Blocks until the container exits and prints its exit code.</summary>
    public static DockerCommand WaitExit(string container) => new(["wait", container]);

    /// <summary>SIGTERM (or the image's STOPSIGNAL), then SIGKILL after <paramref name="timeoutSeconds"/>.</summary>
    public static DockerCommand Stop(string container, int timeoutSeconds) =>
        new(["stop", "--time", timeoutSeconds.ToString(CultureInfo.InvariantCulture), container]);

    public static DockerCommand RemoveContainers(IEnumerable<string> containers) => new(["rm", "--force", "--volumes", .. containers]);

    public static DockerCommand ListContainers(string label) => new(["ps", "--all", "--filter", $"label={label}", "--format", "{{.Names}}"]);

    public static DockerCommand ListNetworks(string label) => new(["network", "ls", "--filter", $"label={label}", "--format", "{{.Name}}"]);

    public static DockerCommand ListVolumes(string label) => new(["volume", "ls", "--filter", $"label={label}", "--format", "{{.Name}}"]);

    public static DockerCommand RemoveNetwork(string network) => new(["network", "rm", network]);

    public static DockerCommand RemoveVolume(string volume) => new(["volume", "rm", "--force", volume]);

    public static DockerCommand Logs(string container, int tail) =>
        new(["logs", "--tail", tail.ToString(CultureInfo.InvariantCulture), container]);

    /// <summary>The container's state and its address on <paramref name="network"/>, tab-separated.</summary>
    public static DockerCommand InspectState(string container, string network) =>
        new(["inspect", "--format", $"{{{{.State.Status}}}}\t{{{{(index .NetworkSettings.Networks \"{network}\").IPAddress}}}}", container]);

    public static DockerCommand Port(string container, int containerPort) =>
        new(["port", container, containerPort.ToString(CultureInfo.InvariantCulture) + "/tcp"]);

    public static DockerCommand Exec(string container, IEnumerable<string> command) => new(["exec", container, .. command]);

    private static IEnumerable<string> LabelArguments(IReadOnlyDictionary<string, string> labels) =>
        labels.OrderBy(l => l.Key, StringComparer.Ordinal).SelectMany(l => new[] { "--label", $"{l.Key}={l.Value}" });
}
