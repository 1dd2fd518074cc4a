namespace Platform.Build.Local.Docker;

/// <summary>One image build: the Dockerfile and context (paths as given to docker), the full reference, build arguments.</summary>
public sealed record ImageBuildSpec(string Name, string Dockerfile, string Context, string Image)
{
    public IReadOnlyDictionary<string, string> BuildArgs { get; init; } = new Dictionary<string, string>();

    /// <summary>buildx: one multi-platform build; otherwise the classic client for the host platform.</summary>
    public bool UseBuildx { get; init; }

    public IReadOnlyList<string> Platforms { get; init; } = [];

    /// <summary>buildx only: push the result (required for more than one platform).</summary>
    public bool Push { get; init; }
}
