using System.Formats.Tar;
using AwesomeAssertions;
using Platform.Build.Local.Docker;
using Platform.Build.Local.Images;
using Platform.Build.Local.Registry;
using Platform.Testing;

namespace Platform.Build.Local.Tests;

/// <summary>Against a real registry the assembly starts for itself (<see cref="TestRegistry"/>), no auth.</summary>
[Trait("Category", "Integration")]
public sealed class ImagePusherRegistryTests(TestRegistry testRegistry) : IAsyncLifetime
{
    private readonly string _run = Guid.NewGuid().ToString("N")[..12];
    private readonly StringWriter _log = new();
    private readonly HttpClient _http = new();
    private string Registry { get; set; } = "";

    public async ValueTask InitializeAsync() => Registry = await testRegistry.GetAddressAsync(TestContext.Current.CancellationToken);

    public ValueTask DisposeAsync()
    {
        _http.Dispose();
        _log.Dispose();
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task PushedImageOfTheHostPlatformPassesTheManifestCheck()
    {
        // Given: a tiny amd64 image, made by `docker import` (a file in a tar: the push is quick)
        var ct = TestContext.Current.CancellationToken;
        var docker = new DockerCli();
        var image = $"{Registry}/platform-test/tiny:{_run}";
        var tar = Path.Combine(Path.GetTempPath(), $"tiny-{_run}.tar");
        await using (var file = File.Create(tar))
        await using (var writer = new TarWriter(file))
        {
            var entry = new PaxTarEntry(TarEntryType.RegularFile, "hello.txt") { DataStream = new MemoryStream("hello"u8.ToArray()) };
            await writer.WriteEntryAsync(entry, ct);
        }

        try
        {
            await docker.RunCheckedAsync(new DockerCommand(["import", tar, image]), cancellationToken: ct);
            var pusher = new ImagePusher(docker, _log);

            // When
            await pusher.PushAsync([new BuiltImage("tiny", image, Pushed: false, ["linux/amd64"], TimeSpan.Zero)], ct);
            var results = await pusher.VerifyPlatformsAsync([image], cancellationToken: ct);

            // Then
            results.Should().ContainSingle().Which.Platforms.Should().Equal(ImageBuilder.HostPlatform());
            _log.ToString().Should().Contain("[tiny] docker push " + image).And.Contain($"manifest ok: {image} has linux/amd64");
        }
        finally
        {
            File.Delete(tar);
            await docker.RunAsync(new DockerCommand(["rmi", image]), cancellationToken: ct);
        }
    }

    [Fact]
    public async Task AnArm64OnlyImageFailsTheCheckNamingTheImageAndItsPlatform()
    {
        var ct = TestContext.Current.CancellationToken;
        var repository = $"platform-test/arm-only-{_run}";
        await new RegistryHttp(_http, Registry).PutImageAsync(repository, "v1", "arm64", ct);
        var image = $"{Registry}/{repository}:v1";

        var verify = () => new ImagePusher(new DockerCli(), _log).VerifyPlatformsAsync([image], cancellationToken: ct);

        (await verify.Should().ThrowAsync<PlatformException>())
            .WithMessage($"manifest check failed: {image} has no linux/amd64 (found: linux/arm64)");
    }

    [Fact]
    public async Task AMultiPlatformIndexPassesOnlyWithAnAmd64Entry()
    {
        // Given: what a buildx multi-arch push leaves (both platforms plus an attestation entry), and an index without amd64
        var ct = TestContext.Current.CancellationToken;
        var registry = new RegistryHttp(_http, Registry);
        var repository = $"platform-test/multi-{_run}";
        var amd64 = await registry.PutImageAsync(repository, "amd64", "amd64", ct);
        var arm64 = await registry.PutImageAsync(repository, "arm64", "arm64", ct);
        await registry.PutIndexAsync(repository, "both", [(amd64.Digest, amd64.Size, "linux", "amd64"), (arm64.Digest, arm64.Size, "linux", "arm64"), (arm64.Digest, arm64.Size, "unknown", "unknown")], ct);
        await registry.PutIndexAsync(repository, "arm-only", [(arm64.Digest, arm64.Size, "linux", "arm64")], ct);
        var pusher = new ImagePusher(new DockerCli(), _log);

        // When
        var both = await pusher.VerifyPlatformsAsync([$"{Registry}/{repository}:both"], cancellationToken: ct);
        var armOnly = () => pusher.VerifyPlatformsAsync([$"{Registry}/{repository}:both", $"{Registry}/{repository}:arm-only"], cancellationToken: ct);

        // Then
        both.Single().Platforms.Should().Equal("linux/amd64", "linux/arm64");
        (await armOnly.Should().ThrowAsync<PlatformException>())
            .WithMessage($"manifest check failed: {Registry}/{repository}:arm-only has no linux/amd64 (found: linux/arm64)");
    }

    [Fact]
    public async Task AMissingTagFailsNamingTheImage()
    {
        var image = $"{Registry}/platform-test/never-pushed-{_run}:v1";

        var verify = () => new ImagePusher(new DockerCli(), _log).VerifyPlatformsAsync([image], cancellationToken: TestContext.Current.CancellationToken);

        (await verify.Should().ThrowAsync<PlatformException>()).WithMessage($"{image}: GET /v2/platform-test/never-pushed-{_run}/manifests/v1 answered 404*(was it pushed?)*");
    }

    [Fact]
    public async Task LoginSendsThePasswordOnStdinAndNeverPrintsIt()
    {
        const string password = "not-a-real-token-1234";
        var ct = TestContext.Current.CancellationToken;
        var docker = new RecordingDockerCli();

        try
        {
            await new ImagePusher(docker, _log).LoginAsync(new RegistryCredentials(Registry, "AWS", password), ct);
        }
        finally
        {
            await docker.RunAsync(new DockerCommand(["logout", Registry]), cancellationToken: ct); // leave ~/.docker/config.json as it was
        }

        docker.Commands[0].Arguments.Should().NotContain(a => a.Contains(password, StringComparison.Ordinal));
        docker.StandardInputs[0].Should().Be(password);
        _log.ToString().Should().Be($"logged in to {Registry} as AWS{Environment.NewLine}");
    }

    /// <summary>The real client, recording what it was asked (docker login to the unauthenticated local registry succeeds).</summary>
    private sealed class RecordingDockerCli : DockerCli
    {
        public List<DockerCommand> Commands { get; } = [];

        public List<string?> StandardInputs { get; } = [];

        public override Task<DockerResult> RunAsync(DockerCommand command, string? standardInput = null, Action<string>? onLine = null, CancellationToken cancellationToken = default)
        {
            Commands.Add(command);
            StandardInputs.Add(standardInput);
            return base.RunAsync(command, standardInput, onLine, cancellationToken);
        }
    }
}
