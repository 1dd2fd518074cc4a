using AwesomeAssertions;
using Platform.Build.Local.Docker;
using Platform.Build.Local.Images;
using Platform.Testing;

namespace Platform.Build.Local.Tests;

/// <summary>
/// Builds in a scratch repository: with a scripted docker client for what the console shows, and real builds of tiny
/// Dockerfiles (FROM a local image: nothing is pulled) for what Docker really does.
/// </summary>
public sealed class ImageBuilderTests : IDisposable
{
    private const long Size = 231_400_000;
    private readonly string _root = Directory.CreateTempSubdirectory("image-builder-").FullName;
    private readonly string _tag = "t" + Guid.NewGuid().ToString("N")[..10];

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task ConsoleShowsOneLinePerImageAndTheFullBuildKitOutputGoesToItsLogFile()
    {
        // Given: two images whose builds print 40 lines of BuildKit progress each, their steps run (not cached)
        var engine = new ScriptedEngine(progressLines: 40);
        using var log = new StringWriter();

        // When
        var built = await new ImageBuilder(engine.Docker, log).BuildAsync(Options("auth-service", "user-service"), TestContext.Current.CancellationToken);

        // Then
        built.Select(b => b.Status).Should().Equal(ImageBuildStatus.Built, ImageBuildStatus.Built);
        var lines = log.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        lines.Should().HaveCount(4).And.NotContain(line => line.StartsWith('#'));
        lines[1].Should().Be("building 2 images, 2 at a time; BuildKit's full output in artifacts/logs/<image>.log");
        lines[2..].Should().BeEquivalentTo(
            [$"auth-service  built  {built[0].Elapsed.TotalSeconds,6:0.0} s    231 MB  platform/auth-service:{_tag}",
             $"user-service  built  {built[1].Elapsed.TotalSeconds,6:0.0} s    231 MB  platform/user-service:{_tag}"]);
        var authLog = await File.ReadAllLinesAsync(Path.Combine(_root, "artifacts", "logs", "auth-service.log"), TestContext.Current.CancellationToken);
        authLog.Should().HaveCount(43).And.StartWith($"DOCKER_BUILDKIT=1 docker build --file {_root}/services/auth-service/Dockerfile --tag platform/auth-service:{_tag} --progress plain {_root}")
            .And.Contain("#5 auth-service output 40 of 40").And.Contain("#5 DONE 1.0s");
    }

    [Fact]
    public async Task AnImageWhoseStepsAllCameFromTheCacheIsReportedCached()
    {
        var engine = new ScriptedEngine(progressLines: 3) { FromCache = true };
        using var log = new StringWriter();

        var built = await new ImageBuilder(engine.Docker, log).BuildAsync(Options("auth-service"), TestContext.Current.CancellationToken);

        built.Single().Status.Should().Be(ImageBuildStatus.Cached);
        log.ToString().Should().Contain($"auth-service  cached ").And.Contain($"231 MB  platform/auth-service:{_tag}");
    }

    [Fact]
    public async Task AFailedImagePrintsItsWholeLogAndNoOtherImagesProgress()
    {
        // Given: a log longer than the error's tail, from an image that fails, next to one that builds
        var engine = new ScriptedEngine(progressLines: 100) { Failing = "broken" };
        using var log = new StringWriter();

        // When
        var build = () => new ImageBuilder(engine.Docker, log).BuildAsync(Options("good", "broken") with { MaxParallel = 1 }, TestContext.Current.CancellationToken);

        // Then
        (await build.Should().ThrowAsync<PlatformException>()).WithMessage($"image broken (platform/broken:{_tag}) failed to build (exit 1); Docker's last lines:*");
        var console = log.ToString();
        console.Should().Contain("broken  failed ").And.Contain("exit 1; BuildKit's log (artifacts/logs/broken.log):")
            .And.Contain("  #5 broken output 1 of 100").And.Contain("  #5 broken output 100 of 100")
            .And.NotContain("good output");
    }

    [Fact]
    [Trait("Category", "Integration")]
    public async Task AFailedBuildFailsWithTheImageNameAndDockersLastLines()
    {
        // Given: one image that builds, one whose RUN step fails
        var ct = TestContext.Current.CancellationToken;
        var baseImage = TestImages.Postgres; // any local image will do: nothing is pulled
        Write("good", $"ARG BASE\nFROM $BASE\nRUN echo built-{_tag}\n");
        Write("broken", $"FROM {baseImage}\nRUN echo about-to-fail-{_tag} && exit 3\n");
        using var log = new StringWriter();
        var docker = new DockerCli();
        var options = RealBuild("good", "broken") with { BuildArgs = new Dictionary<string, string> { ["BASE"] = baseImage }, MaxParallel = 1 };

        try
        {
            // When
            var build = () => new ImageBuilder(docker, log).BuildAsync(options, ct);

            // Then
            var failure = (await build.Should().ThrowAsync<PlatformException>()).Which;
            failure.Message.Should().StartWith($"image broken (platform-test/broken:{_tag}) failed to build (exit 1); Docker's last lines:")
                .And.Contain("exit 3").And.NotContain("image good");
            log.ToString().Should().MatchRegex($@"(?m)^good    built +\d+\.\d s +\d+ MB  platform-test/good:{_tag}\r?$")
                .And.MatchRegex(@"(?m)^broken  failed +\d+\.\d s  exit 1; BuildKit's log \(artifacts/logs/broken.log\):")
                .And.Contain($"about-to-fail-{_tag}").And.NotContain($"built-{_tag}")
                .And.Contain("buildx not available: building for the host platform only");
            (await docker.RunAsync(DockerCommandLine.ImageExists($"platform-test/good:{_tag}"), cancellationToken: ct)).Succeeded.Should().BeTrue();
        }
        finally
        {
            await docker.RunAsync(new DockerCommand(["rmi", $"platform-test/good:{_tag}"]), cancellationToken: CancellationToken.None);
        }
    }

    [Fact]
    [Trait("Category", "Integration")]
    public async Task RebuildingAnUnchangedImageReportsItCached()
    {
        // Given: an image built once
        Write("same", $"FROM {TestImages.Postgres}\nRUN echo once-{_tag}\n");
        var (docker, options, ct) = (new DockerCli(), RealBuild("same"), TestContext.Current.CancellationToken);

        try
        {
            var first = await new ImageBuilder(docker, TextWriter.Null).BuildAsync(options, ct);

            // When
            using var log = new StringWriter();
            var second = await new ImageBuilder(docker, log).BuildAsync(options, ct);

            // Then
            first.Single().Status.Should().Be(ImageBuildStatus.Built);
            second.Single().Status.Should().Be(ImageBuildStatus.Cached);
            second.Single().SizeBytes.Should().BePositive();
            log.ToString().Should().MatchRegex($@"(?m)^same  cached +\d+\.\d s +\d+ MB  platform-test/same:{_tag}\r?$");
        }
        finally
        {
            await docker.RunAsync(new DockerCommand(["rmi", $"platform-test/same:{_tag}"]), cancellationToken: CancellationToken.None);
        }
    }

    [Fact]
    public async Task AMissingDockerfileFailsBeforeAnyBuild()
    {
        var build = () => new ImageBuilder(new DockerCli(), TextWriter.Null).BuildAsync(
            new ImageBuildOptions { RepositoryRoot = _root, RepositoryPrefix = "platform/", Tag = "dev", Images = ["absent"] }, TestContext.Current.CancellationToken);

        (await build.Should().ThrowAsync<PlatformException>()).WithMessage($"image 'absent': {_root}/services/absent/Dockerfile does not exist");
    }

    private ImageBuildOptions Options(params string[] images)
    {
        foreach (var image in images)
        {
            Write(image, "FROM scratch\n");
        }

        return new ImageBuildOptions { RepositoryRoot = _root, RepositoryPrefix = "platform/", Tag = _tag, Images = images, UseBuildx = false };
    }

    /// <summary>Options for real builds of the Dockerfiles <see cref="Write"/> put in the scratch repository.</summary>
    private ImageBuildOptions RealBuild(params string[] images) =>
        new() { RepositoryRoot = _root, RepositoryPrefix = "platform-test/", Tag = _tag, Images = images, UseBuildx = false };

    private void Write(string name, string dockerfile)
    {
        Directory.CreateDirectory(Path.Combine(_root, "services", name));
        File.WriteAllText(Path.Combine(_root, "services", name, "Dockerfile"), dockerfile);
    }

    /// <summary>
    /// An engine in a script: a build streams BuildKit-like progress for one RUN step (numbered output lines, then DONE, or
    /// CACHED when told) and the image then has a size.
    /// </summary>
    private sealed class ScriptedEngine
    {
        public ScriptedEngine(int progressLines)
        {
            Docker = new ScriptedDockerCli((command, onLine) =>
            {
                switch (command.Arguments)
                {
                    case ["build", "--file", var dockerfile, "--tag", _, ..]:
                        var name = Path.GetFileName(Path.GetDirectoryName(dockerfile))!;
                        onLine("#5 [2/2] RUN dotnet publish");
                        for (var line = 1; line <= progressLines && !FromCache; line++)
                        {
                            onLine($"#5 {name} output {line} of {progressLines}");
                        }

                        onLine(FromCache ? "#5 CACHED" : "#5 DONE 1.0s");
                        return name == Failing ? ScriptedDockerCli.Fail(1, "ERROR: process did not complete successfully: exit code: 3") : ScriptedDockerCli.Ok();
                    case ["image", "inspect", "--format", "{{.Size}}", _]:
                        return ScriptedDockerCli.Ok($"{Size}\n");
                    default:
                        throw new InvalidOperationException($"unexpected: {command}");
                }
            });
        }

        public ScriptedDockerCli Docker { get; }

        public bool FromCache { get; init; }

        public string? Failing { get; init; }
    }
}
