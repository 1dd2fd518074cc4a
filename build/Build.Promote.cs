using BuildCore;
using Platform.Build.Deploy;

// Promote: deploy an environment with exactly the images another one runs, by digest; nothing is built or pushed
// (docs/design/promote-by-digest.md).
partial class Build
{
    [Parameter("Promote: the environment whose running images (by digest) are deployed to --env, e.g. staging, or a release record (artifacts/release.json). " +
               "Release: the environment whose running digests the release record names.", ReadBy = [nameof(Promote), nameof(Release)])]
    readonly string? From;

    /// <summary>artifacts/release.json: version, commit, per-service digests, template SHA-256.</summary>
    string ReleaseRecordFile => ArtifactsDirectory / "release.json";

    static bool IsReleaseRecord(string from) => from.EndsWith(".json", StringComparison.OrdinalIgnoreCase);

    static async Task<IReadOnlyList<PinnedImage>> RunningImagesAsync(Platform.Build.Aws.AwsClientFactory aws, string environment, CancellationToken cancellationToken)
    {
        using var ecs = aws.CreateEcs();
        return await new RunningImages(ecs).ReadAsync(environment, cancellationToken);
    }

    async Task<string> HeadCommitAsync(CancellationToken cancellationToken)
    {
        try
        {
            return (await GitAsync(["rev-parse", "HEAD"], cancellationToken)).Trim();
        }
        catch (BuildException)
        {
            // A build run outside a git checkout (an unpacked source archive) still records the rest.
            return "unknown (not a git checkout)";
        }
    }

    /// <summary>What Push recorded: per service the image by digest, the manifest list's digest and each platform's.</summary>
    string ImagesRecordFile => ArtifactsDirectory / $"images-{Env}.json";

    Target Promote => _ => _
        .Description("Deploys --env with the images --from runs, by digest (copied into --env's repositories when absent); builds and pushes nothing.")
        .Requires(() => Env)
        .Requires(() => From)
        .RequiresWhen(() => !IsLocal, "--env is not local", () => Region, () => AcmCertificateArn)
        .Validates(CheckPromoteInputs)
        .Executes(ct => ((AwsPlatformTarget)Platform).PromoteAsync(From!, ct));

    void CheckPromoteInputs()
    {
        if (Env is null || From is null)
            return;
        if (Platform is not AwsPlatformTarget)
            throw new BuildException("Promote deploys an AWS environment: --env local runs what ContainerBuild built; use ./build.sh Up --env local.");
        if (string.Equals(From, Env, StringComparison.Ordinal))
            throw new BuildException($"--from {From} is --env itself: promote from another environment (e.g. --from staging --env prod).");
        if (IsReleaseRecord(From))
        {
            if (!File.Exists(From))
                throw new BuildException($"--from {From}: no such release record (Release or Promote writes artifacts/release.json).");
        }
        else if (From is "local" || !System.Text.RegularExpressions.Regex.IsMatch(From, "^[a-z][a-z0-9-]{0,19}$"))
            throw new BuildException($"--from '{From}' is not an AWS environment name (e.g. dev, staging).");
        Platform.CheckInputs();
    }
}
