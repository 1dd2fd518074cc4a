namespace BuildTests.Release;

public sealed class ReleaseTests
{
    [Fact]
    public async Task ReleaseTagsTheNextPatchAfterTheLatestVersionTagAndPushesIt()
    {
        // Given 1.2.3 released and one commit since
        using var repository = new ScratchRepository();
        repository.Git("tag", "--annotate", "v1.2.3", "--message", "Release 1.2.3");
        repository.Commit("a fix");

        // When
        var (exitCode, output) = await BuildRun.RunAsync("Release", repository.WorkTree);

        // Then
        Assert.True(exitCode == 0, output);
        Assert.Contains("v1.2.4", repository.RemoteTags());
        Assert.Contains("Released 1.2.4", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReleaseTakesAnExplicitVersion()
    {
        using var repository = new ScratchRepository();

        var (exitCode, output) = await BuildRun.RunAsync("Release --release-version 2.0.0", repository.WorkTree);

        Assert.True(exitCode == 0, output);
        Assert.Equal(["v2.0.0"], repository.RemoteTags());
        // The release record: what the version is (without --from <env> it names no image digests, and says so).
        var record = System.Text.Json.Nodes.JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(repository.WorkTree, "artifacts", "release.json"), TestContext.Current.CancellationToken))!;
        Assert.Equal("2.0.0", record["version"]!.GetValue<string>());
        Assert.Equal(repository.Git("rev-parse", "HEAD").Trim(), record["commit"]!.GetValue<string>());
        Assert.Empty(record["images"]!.AsObject());
        Assert.Contains("Release record: artifacts/release.json (version, commit, template SHA-256; no image digests without --from <env>).", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReleasingTheSameCommitTwiceFailsWithoutPushingAnything()
    {
        using var repository = new ScratchRepository();
        repository.Git("tag", "--annotate", "v1.0.0", "--message", "Release 1.0.0");

        var (exitCode, output) = await BuildRun.RunAsync("Release", repository.WorkTree);

        Assert.Equal(1, exitCode);
        Assert.Contains("already released as v1.0.0", output, StringComparison.Ordinal);
        Assert.Empty(repository.RemoteTags());
    }

    [Fact]
    public async Task ReleaseRefusesADirtyWorkingTree()
    {
        using var repository = new ScratchRepository();
        File.WriteAllText(Path.Combine(repository.WorkTree, "uncommitted.txt"), "work in progress");

        var (exitCode, output) = await BuildRun.RunAsync("Release --release-version 1.0.0", repository.WorkTree);

        Assert.Equal(1, exitCode);
        Assert.Contains("clean working tree", output, StringComparison.Ordinal);
        Assert.Empty(repository.RemoteTags());
    }

    [Theory]
    [InlineData("1.2")]
    [InlineData("v1.2.3")]
    [InlineData("1.2.3-beta")]
    public async Task AMalformedReleaseVersionIsRejectedNamingTheParameter(string version)
    {
        using var repository = new ScratchRepository();

        var (exitCode, output) = await BuildRun.RunAsync($"Release --release-version {version}", repository.WorkTree);

        Assert.Equal(1, exitCode);
        Assert.Contains($"--release-version '{version}'", output, StringComparison.Ordinal);
        Assert.Empty(repository.RemoteTags());
    }
}
