using AwesomeAssertions;
using Platform.Build.Local.Docker;
using Platform.Build.Local.Images;

namespace Platform.Build.Local.Tests;

public class DockerCommandLineTests
{
    private static readonly Dictionary<string, string> BaseImages = new()
    {
        ["SDK_IMAGE"] = "mirror.example.com/dotnet/sdk:10.0",
        ["RUNTIME_IMAGE"] = "mirror.example.com/dotnet/aspnet:10.0",
    };

    [Fact]
    public void BuildxPushBuildsBothPlatformsAndPushesFromTheBuild()
    {
        var options = new ImageBuildOptions
        {
            RepositoryRoot = "/repo",
            RepositoryPrefix = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/dev/",
            Tag = "abc1234",
            Push = true,
            BuildArgs = BaseImages,
        };

        var specs = ImageBuilder.Plan(options, useBuildx: true);
        var command = DockerCommandLine.Build(specs[0]);

        command.Arguments.Should().Equal(
            "buildx", "build", "--platform", "linux/amd64,linux/arm64",
            "--file", "/repo/services/auth-service/Dockerfile",
            "--tag", "123456789012.dkr.ecr.eu-west-1.amazonaws.com/dev/auth-service:abc1234",
            "--progress", "plain",
            "--build-arg", "RUNTIME_IMAGE=mirror.example.com/dotnet/aspnet:10.0",
            "--build-arg", "SDK_IMAGE=mirror.example.com/dotnet/sdk:10.0",
            "--push", "/repo");
        command.Environment.Should().BeEmpty();
        specs.Select(s => s.Name).Should().Equal("auth-service", "user-service", "billing-service", "notification-service");
        specs.Should().OnlyContain(s => s.Push && s.Image.EndsWith(":abc1234", StringComparison.Ordinal));
    }

    [Fact]
    public void WithoutBuildxTheClassicClientBuildsTheHostPlatformWithBuildKit()
    {
        var options = new ImageBuildOptions { RepositoryRoot = "/repo", RepositoryPrefix = "platform/", Tag = "dev", BuildArgs = BaseImages, Push = true };

        var command = DockerCommandLine.Build(ImageBuilder.Plan(options, useBuildx: false)[1]);

        command.Arguments.Should().Equal(
            "build", "--file", "/repo/services/user-service/Dockerfile", "--tag", "platform/user-service:dev", "--progress", "plain",
            "--build-arg", "RUNTIME_IMAGE=mirror.example.com/dotnet/aspnet:10.0",
            "--build-arg", "SDK_IMAGE=mirror.example.com/dotnet/sdk:10.0", "/repo");
        command.Environment.Should().Equal(new Dictionary<string, string> { ["DOCKER_BUILDKIT"] = "1" });
        command.ToString().Should().StartWith("DOCKER_BUILDKIT=1 docker build --file /repo/services/user-service/Dockerfile");
    }

    [Fact]
    public void BuildxWithoutARegistryLoadsTheHostPlatformOnly()
    {
        var options = new ImageBuildOptions { RepositoryRoot = "/repo", RepositoryPrefix = "platform/", Tag = "dev", Images = ServiceImages.Local };

        var specs = ImageBuilder.Plan(options, useBuildx: true);
        var gateway = specs.Single(spec => spec.Name == "local-gateway");
        var command = DockerCommandLine.Build(gateway);

        specs.Select(spec => spec.Name).Should().Equal("auth-service", "user-service", "billing-service", "notification-service", "local-gateway", "aspire-dashboard");
        command.Arguments.Should().Equal(
            "buildx", "build", "--file", "/repo/services/local-gateway/Dockerfile", "--tag", "platform/local-gateway:dev", "--progress", "plain", "--load", "/repo");
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("-leading")]
    [InlineData("a:b")]
    public void AnInvalidTagFailsNamingTheTag(string tag)
    {
        var options = new ImageBuildOptions { RepositoryRoot = "/repo", RepositoryPrefix = "platform/", Tag = tag };

        var plan = () => ImageBuilder.Plan(options, useBuildx: false);

        plan.Should().Throw<PlatformException>().WithMessage($"tag: '{tag}' is not a valid image tag*");
    }

    [Fact]
    public void APrefixWithoutTrailingSlashIsRejected()
    {
        var plan = () => ImageBuilder.Plan(new ImageBuildOptions { RepositoryRoot = "/r", RepositoryPrefix = "platform", Tag = "dev" }, false);

        plan.Should().Throw<PlatformException>().WithMessage("repository prefix: 'platform' must end with '/'");
    }

    [Fact]
    public void LoginReadsThePasswordFromStdin()
    {
        var command = DockerCommandLine.Login("123456789012.dkr.ecr.eu-west-1.amazonaws.com", "AWS");

        command.Arguments.Should().Equal("login", "--username", "AWS", "--password-stdin", "123456789012.dkr.ecr.eu-west-1.amazonaws.com");
    }

    [Fact]
    public void RunPassesSecretsByNameAndMasksThemInTheRendering()
    {
        var spec = new ContainerSpec("platform-local-auth-service-1", "platform/auth-service:dev")
        {
            Network = "platform-local",
            NetworkAliases = ["auth-service"],
            Labels = new Dictionary<string, string> { ["io.platform.local"] = "platform-local" },
            Environment = new Dictionary<string, string> { ["DB_HOST"] = "postgres" },
            SecretEnvironment = new Dictionary<string, string> { ["JWT_PRIVATE_KEY"] = "-----BEGIN PRIVATE KEY-----secret" },
            Ports = [(8000, 8080)],
            ReadOnlyRootFilesystem = true,
            Tmpfs = ["/tmp"],
            NoHealthcheck = true,
            StopTimeoutSeconds = 30,
        };

        var command = DockerCommandLine.Run(spec);

        command.Arguments.Should().Equal(
            "run", "--detach", "--name", "platform-local-auth-service-1", "--network", "platform-local", "--network-alias", "auth-service",
            "--label", "io.platform.local=platform-local", "--publish", "127.0.0.1:8000:8080",
            "--env", "DB_HOST=postgres", "--env", "JWT_PRIVATE_KEY", "--read-only", "--tmpfs", "/tmp", "--no-healthcheck", "--stop-timeout", "30",
            "platform/auth-service:dev");
        command.Environment["JWT_PRIVATE_KEY"].Should().Contain("secret");
        command.ToString().Should().StartWith("JWT_PRIVATE_KEY=*** docker run").And.NotContain("secret");
    }

    [Fact]
    public void ARandomPortIsPublishedOnLoopbackOnly()
    {
        var command = DockerCommandLine.Run(new ContainerSpec("sqs", "fauxqs") { Ports = [(0, 4566)] });

        command.Arguments.Should().ContainInOrder("--publish", "127.0.0.1::4566");
    }
}
