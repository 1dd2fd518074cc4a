using System.Text.RegularExpressions;
using BuildCore;
using Platform.Build.Deploy;
using Spectre.Console;

// Release: tag the current commit v<version> and push the tag; .github/workflows/release.yml deploys that
// exact version to prod (images tagged with the version and the commit SHA) after the prod approval.
partial class Build
{
    [Parameter("Version to release, e.g. 1.4.0. Default: the next patch after the latest v* tag, as MinVer computes it.")]
    readonly string? ReleaseVersion;

    [Parameter("Git remote the release tag is pushed to.")]
    readonly string GitRemote = "origin";

    Target Release => _ => _
        .Description("Tags HEAD v<version> (MinVer from git tags, or --release-version) and pushes the tag to trigger the prod release.")
        .Executes(ct => TagAndPushReleaseAsync(ct));

    async Task TagAndPushReleaseAsync(CancellationToken ct)
    {
        if ((await GitAsync(["status", "--porcelain"], ct)).Trim().Length > 0)
            throw new BuildException("Release needs a clean working tree: commit or stash your changes first (git status shows them).");

        var headTags = (await GitAsync(["tag", "--points-at", "HEAD", "--list", "v*"], ct))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (headTags.Length > 0)
            throw new BuildException($"HEAD is already released as {string.Join(", ", headTags)}; a commit is released once.");

        var version = ReleaseVersion is { Length: > 0 } requested ? ParseReleaseVersion(requested) : await NextVersionAsync(ct);
        var tag = $"v{version}";
        if ((await GitAsync(["tag", "--list", tag], ct)).Trim().Length > 0)
            throw new BuildException($"Tag {tag} already exists (--release-version {version}); versions are never reused.");

        // With --from, the record names the digests that environment runs: the bytes this version stands for.
        IReadOnlyList<PinnedImage> images = [];
        if (From is { Length: > 0 } from)
            await WithAwsAsync(async aws => images = await RunningImagesAsync(aws, from, ct));

        await GitAsync(["tag", "--annotate", tag, "--message", $"Release {version}"], ct);
        await GitAsync(["push", GitRemote, tag], ct);
        ReleaseRecord.Write(ReleaseRecordFile,
            ReleaseRecord.Create(version, await HeadCommitAsync(ct), TemplateFile, images, From ?? "none (no --from)"));
        Output.WriteLine($"Released {version}: pushed tag {tag} to {GitRemote}; the release workflow deploys it to prod after approval.");
        Output.WriteLine($"Release record: {Path.GetRelativePath(RootDirectory, ReleaseRecordFile)} (version, commit, template SHA-256" +
            (images.Count > 0 ? $", the digests {From} runs)." : "; no image digests without --from <env>)."));
    }

    /// <summary>MinVer's version for HEAD is a pre-release of the next patch (1.4.1-alpha.0.3); the release drops the suffix.</summary>
    async Task<string> NextVersionAsync(CancellationToken cancellationToken)
    {
        await RunToolAsync("dotnet", ["tool", "restore"], cancellationToken);
        var computed = (await RunToolAsync("dotnet", ["minver", "--tag-prefix", "v", "--verbosity", "warn"], cancellationToken)).Trim();
        var core = computed.Split('-', '+')[0];
        return ParseReleaseVersion(core);
    }

    static string ParseReleaseVersion(string value) =>
        ReleaseVersionPattern().IsMatch(value)
            ? value
            : throw new BuildException($"--release-version '{value}' is not a release version MAJOR.MINOR.PATCH such as 1.4.0.");

    Task<string> GitAsync(string[] arguments, CancellationToken cancellationToken) => RunToolAsync("git", arguments, cancellationToken);

    [GeneratedRegex(@"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$")]
    private static partial Regex ReleaseVersionPattern();
}
