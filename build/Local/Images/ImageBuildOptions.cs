namespace Platform.Build.Local.Images;

public sealed record ImageBuildOptions
{
    /// <summary>The repository root: the build context of every image.</summary>
    public required string RepositoryRoot { get; init; }

    /// <summary>
    /// Prepended to each image name: <c>platform/</c> locally, <c>127.0.0.1:5000/platform/</c> for a local registry,
    /// <c>&lt;account&gt;.dkr.ecr.&lt;region&gt;.amazonaws.com/&lt;env&gt;/</c> for ECR. Empty or ending in '/'.
    /// </summary>
    public required string RepositoryPrefix { get; init; }

    public required string Tag { get; init; }

    /// <summary>Image names under services/ (default: the four services).</summary>
    public IReadOnlyList<string> Images { get; init; } = ServiceImages.Services;

    /// <summary>Passed as <c>--build-arg</c>, e.g. SDK_IMAGE / RUNTIME_IMAGE for a mirror of mcr.microsoft.com.</summary>
    public IReadOnlyDictionary<string, string> BuildArgs { get; init; } = new Dictionary<string, string>();

    /// <summary>The platforms of a buildx build that pushes. Without buildx (or without a push) the host platform is built.</summary>
    public IReadOnlyList<string> Platforms { get; init; } = ["linux/amd64", "linux/arm64"];

    /// <summary>
    /// buildx only: push from the build. A multi-platform image cannot be loaded into the local engine, so a multi-arch
    /// build needs a registry; log in first (<see cref="Registry.ImagePusher.LoginAsync"/>).
    /// </summary>
    public bool Push { get; init; }

    /// <summary>How many builds run at once. Two suits a 2-core machine; BuildKit shares the common layers anyway.</summary>
    public int MaxParallel { get; init; } = 2;

    /// <summary>null: use buildx when <c>docker buildx version</c> succeeds.</summary>
    public bool? UseBuildx { get; init; }

    /// <summary>Where each image's full BuildKit log goes, as <c>&lt;image&gt;.log</c>. Default: <c>artifacts/logs</c> under the root.</summary>
    public string LogDirectory
    {
        get => field ?? Path.Combine(RepositoryRoot, "artifacts", "logs");
        init;
    }
}

/// <summary>A built image; <see cref="Pushed"/> when buildx already pushed it to the registry.</summary>
public sealed record BuiltImage(string Name, string Image, bool Pushed, IReadOnlyList<string> Platforms, TimeSpan Elapsed)
{
    /// <summary>Built, or cached when BuildKit took every step from its cache; a buildx push reports pushed.</summary>
    public ImageBuildStatus Status { get; init; } = Pushed ? ImageBuildStatus.Pushed : ImageBuildStatus.Built;

    /// <summary>The local image's size; null for an image that only exists in a registry.</summary>
    public long? SizeBytes { get; init; }
}

public enum ImageBuildStatus
{
    Built,
    Cached,
    Pushed,
}
