using BuildCore;

/// <summary>The platform's build: one partial file per stage. <c>./build.sh --help</c> lists targets and parameters.</summary>
partial class Build : BuildBase
{
    /// <summary>With no target named, the build compiles: quick, and never touches a cloud.</summary>
    public static int Main(string[] args) => Execute<Build>(args, x => x.Compile);

    [Parameter("Build configuration, Debug or Release. Default: Release on CI (CI is set), Debug otherwise.")]
    readonly BuildConfiguration Configuration = IsServerBuild ? BuildConfiguration.Release : BuildConfiguration.Debug;

    [Parameter("AWS region, e.g. eu-west-1.", Aliases = ["AWS_REGION", "AWS_DEFAULT_REGION"])]
    readonly string? Region;

    AbsolutePath SolutionFile => RootDirectory / "Platform.slnx";
    AbsolutePath ServicesDirectory => RootDirectory / "services";
    AbsolutePath TestsDirectory => RootDirectory / "tests";
    AbsolutePath ArtifactsDirectory => RootDirectory / "artifacts";
}

enum BuildConfiguration
{
    Debug,
    Release,
}
