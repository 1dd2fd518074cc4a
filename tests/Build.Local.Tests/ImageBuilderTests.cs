using AwesomeAssertions;
using Platform.Build.Local.Docker;
using Platform.Build.Local.Images;

namespace Platform.Build.Local.Tests;

/// <summary>Real builds of tiny Dockerfiles in a scratch repository (FROM a local image: nothing is pulled).</summary>
[Trait("Category", "Integration")]
public sealed class ImageBuilderTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("image-builder-").FullName;
    private readonly string _tag = "t" + Guid.NewGuid().ToString("N")[..10];

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task AFailedBuildFailsWithTheImageNameAndDockersLastLines()
    {
        // Given: one image that builds, one whose RUN step fails
        var ct = TestContext.Current.CancellationToken;
        var baseImage = Environment.GetEnvironmentVariable("PLATFORM_POSTGRES_IMAGE") is { Length: > 0 } image ? image : "postgres:17.6";
        Write("good", $"ARG BASE\nFROM $BASE\nRUN echo built-{_tag}\n");
        Write("broken", $"FROM {baseImage}\nRUN echo about-to-fail-{_tag} && exit 3\n");
        using var log = new StringWriter();
        var docker = new DockerCli();
        var options = new ImageBuildOptions
        {
            RepositoryRoot = _root,
            RepositoryPrefix = "platform-test/",
            Tag = _tag,
            Images = ["good", "broken"],
            BuildArgs = new Dictionary<string, string> { ["BASE"] = baseImage },
            MaxParallel = 1,
            UseBuildx = false,
        };

        try
        {
            // When
            var build = () => new ImageBuilder(docker, log).BuildAsync(options, ct);

            // Then
            var failure = (await build.Should().ThrowAsync<PlatformException>()).Which;
            failure.Message.Should().StartWith($"image broken (platform-test/broken:{_tag}) failed to build (exit 1); Docker's last lines:")
                .And.Contain("exit 3").And.NotContain("image good");
            log.ToString().Should().Contain($"[good] built platform-test/good:{_tag}").And.Contain($"[broken] ").And.Contain($"about-to-fail-{_tag}")
                .And.Contain("buildx not available: building for the host platform only");
            (await docker.RunAsync(DockerCommandLine.ImageExists($"platform-test/good:{_tag}"), cancellationToken: ct)).Succeeded.Should().BeTrue();
        }
        finally
        {
            await docker.RunAsync(new DockerCommand(["rmi", $"platform-test/good:{_tag}"]), cancellationToken: CancellationToken.None);
        }
    }

    [Fact]
    public async Task AMissingDockerfileFailsBeforeAnyBuild()
    {
        var build = () => new ImageBuilder(new DockerCli(), TextWriter.Null).BuildAsync(
            new ImageBuildOptions { RepositoryRoot = _root, RepositoryPrefix = "platform/", Tag = "dev", Images = ["absent"] }, TestContext.Current.CancellationToken);

        (await build.Should().ThrowAsync<PlatformException>()).WithMessage($"image 'absent': {_root}/services/absent/Dockerfile does not exist");
    }

    private void Write(string name, string dockerfile)
    {
        Directory.CreateDirectory(Path.Combine(_root, "services", name));
        File.WriteAllText(Path.Combine(_root, "services", name, "Dockerfile"), dockerfile);
    }
}
