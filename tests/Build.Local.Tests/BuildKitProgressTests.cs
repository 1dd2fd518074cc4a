using AwesomeAssertions;
using Platform.Build.Local.Images;

namespace Platform.Build.Local.Tests;

/// <summary>BuildKit's plain progress as Docker 20.10 printed it for the same three-step Dockerfile, built twice.</summary>
public sealed class BuildKitProgressTests
{
    private const string FirstBuild = """
        #1 [internal] load build definition from Dockerfile
        #1 DONE 0.1s
        #4 [1/3] FROM docker.io/platform-ci/postgres:15
        #4 CACHED
        #6 [internal] load build context
        #6 DONE 0.0s
        #5 [2/3] RUN echo i13-sample
        #5 0.423 i13-sample
        #5 DONE 0.4s
        #7 [3/3] COPY x /x
        #7 DONE 0.0s
        #8 exporting to image
        #8 DONE 0.0s
        """;

    private const string SecondBuild = """
        #1 [internal] load build definition from Dockerfile
        #1 DONE 0.0s
        #4 [1/3] FROM docker.io/platform-ci/postgres:15
        #4 DONE 0.0s
        #6 [internal] load build context
        #6 DONE 0.0s
        #5 [2/3] RUN echo i13-sample
        #5 CACHED
        #7 [3/3] COPY x /x
        #7 CACHED
        #8 exporting to image
        #8 DONE 0.0s
        """;

    [Theory]
    [InlineData(FirstBuild, false)]
    [InlineData(SecondBuild, true)]
    [InlineData("", false)]
    public void AllStepsCachedOnlyWhenEveryStepButFromWasCached(string log, bool expected)
    {
        var progress = new BuildKitProgress();

        foreach (var line in log.Split('\n'))
        {
            progress.Observe(line.TrimEnd('\r'));
        }

        progress.AllStepsCached.Should().Be(expected);
    }

    [Fact]
    public void OneStepRunInAnotherStageMeansBuilt()
    {
        var progress = new BuildKitProgress();

        foreach (var line in new[] { "#7 [build 3/7] RUN dotnet restore", "#7 CACHED", "#9 [linux/amd64 stage-1 2/3] COPY --from=build /app .", "#9 DONE 0.2s" })
        {
            progress.Observe(line);
        }

        progress.AllStepsCached.Should().BeFalse();
    }
}
