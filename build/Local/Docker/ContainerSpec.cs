namespace Platform.Build.Local.Docker;

/// <summary>What <c>docker run --detach</c> starts. Secret variables are passed by name; their values go in the client's environment.</summary>
public sealed record ContainerSpec(string Name, string Image)
{
    public string? Network { get; init; }

    public IReadOnlyList<string> NetworkAliases { get; init; } = [];

    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>Values that must not appear on the command line (passwords, private keys).</summary>
    public IReadOnlyDictionary<string, string> SecretEnvironment { get; init; } = new Dictionary<string, string>();

    /// <summary>"hostPort:containerPort" published on 127.0.0.1 only; hostPort 0 lets the engine choose.</summary>
    public IReadOnlyList<(int HostPort, int ContainerPort)> Ports { get; init; } = [];

    /// <summary>"volume:/path" mounts.</summary>
    public IReadOnlyList<(string Volume, string Path)> Volumes { get; init; } = [];

    /// <summary>How long <c>docker stop</c> waits after SIGTERM before SIGKILL.</summary>
    public int? StopTimeoutSeconds { get; init; }

    /// <summary>As the ECS task definitions: a read-only root file system with a writable /tmp.</summary>
    public bool ReadOnlyRootFilesystem { get; init; }

    public IReadOnlyList<string> Tmpfs { get; init; } = [];

    /// <summary>Turns off the image's HEALTHCHECK, for a container the platform probes itself.</summary>
    public bool NoHealthcheck { get; init; }

    public IReadOnlyList<string> Command { get; init; } = [];
}
