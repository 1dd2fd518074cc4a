using System.Net;
using System.Net.Sockets;
using AwesomeAssertions;
using Platform.Build.Local.Docker;
using Platform.Build.Local.Images;
using Platform.Build.Local.Platform;
using Platform.Testing;

namespace Platform.Build.Local.Tests;

/// <summary>
/// Up on the Docker engine when it cannot succeed: images missing, a service or the role step exiting, the gateway port
/// taken. Each fails naming the cause and leaves nothing behind.
/// </summary>
[Trait("Category", "Integration")]
public sealed class LocalPlatformFailureTests
{
    [Fact]
    public async Task UpWithoutBuiltImagesFailsNamingThem()
    {
        var options = LocalPlatformOptions.FromEnvironment("never-built") with { Name = "platform-itest-missing", GatewayPort = Containers.FreePort(), DashboardPort = Containers.FreePort() };
        using var log = new StringWriter();

        var up = () => new LocalPlatform(new DockerCli(), options, log).UpAsync(TestContext.Current.CancellationToken);

        (await up.Should().ThrowAsync<PlatformException>())
            .WithMessage("images missing: platform/auth-service:never-built, *platform/local-gateway:never-built, platform/aspire-dashboard:never-built; build them first*");
        (await new LocalPlatform(new DockerCli(), options, log).ListResourcesAsync(TestContext.Current.CancellationToken)).Should().BeEmpty();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task AServiceOrRoleStepThatExitsFailsUpWithItsNameAndLog(bool roleStepSucceeds)
    {
        // Given: stand-in images for all six that print a line and exit, as a process with a bad configuration does
        // (auth-service's image also runs the role step first: `provision-database-roles` is the script's $0)
        var ct = TestContext.Current.CancellationToken;
        var docker = new DockerCli();
        var tag = "crash-" + Guid.NewGuid().ToString("N")[..8];
        var baseImage = LocalPlatformOptions.FromEnvironment(tag).PostgresImage;
        var roleStep = roleStepSucceeds ? "[ \\\"$0\\\" = provision-database-roles ] && exit 0; " : "";
        foreach (var name in ServiceImages.Local)
        {
            await docker.RunCheckedAsync(new DockerCommand(["build", "--quiet", "--tag", $"platform/{name}:{tag}", "-"]),
                $"FROM {baseImage}\nENTRYPOINT [\"sh\", \"-c\", \"{roleStep}echo configuration error: DB_HOST is wrong in {name}; exit 1\"]\n", ct);
        }

        var options = LocalPlatformOptions.FromEnvironment(tag) with { Name = "platform-itest-crash", GatewayPort = Containers.FreePort(), DashboardPort = Containers.FreePort(), HealthBudget = TimeSpan.FromSeconds(60) };
        var platform = new LocalPlatform(docker, options, TextWriter.Null);
        try
        {
            // When
            var up = () => platform.UpAsync(ct);

            // Then
            var failure = (await up.Should().ThrowAsync<PlatformException>()).Which.Message;
            if (roleStepSucceeds)
            {
                failure.Should().StartWith("auth-service: container platform-itest-crash-auth-service-1 is exited")
                    .And.Contain("last 20 lines of platform-itest-crash-auth-service-1's log:")
                    .And.Contain("configuration error: DB_HOST is wrong in auth-service");
            }
            else
            {
                // The role step's failure stops Up before any service starts.
                failure.Should().StartWith("the database role step (platform-itest-crash-database-roles) exited 1; no service was started")
                    .And.Contain("last 20 lines of platform-itest-crash-database-roles's log:")
                    .And.Contain("configuration error: DB_HOST is wrong in auth-service");
                (await platform.CurrentContainersAsync(PlatformServices.All[0], ct)).Should().BeEmpty();
            }
        }
        finally
        {
            await platform.DownAsync(CancellationToken.None);
            foreach (var name in ServiceImages.Local)
            {
                await docker.RunAsync(new DockerCommand(["rmi", $"platform/{name}:{tag}"]), cancellationToken: CancellationToken.None);
            }
        }

        (await platform.ListResourcesAsync(ct)).Should().BeEmpty();
    }

    [Fact]
    public async Task UpWithTheGatewayPortTakenFailsBeforeStartingAnything()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        var docker = new DockerCli();
        var tag = "port-" + Guid.NewGuid().ToString("N")[..8];
        var baseImage = LocalPlatformOptions.FromEnvironment(tag).PostgresImage;
        foreach (var name in ServiceImages.Local)
        {
            await docker.RunCheckedAsync(DockerCommandLine.Tag(baseImage, $"platform/{name}:{tag}"), cancellationToken: TestContext.Current.CancellationToken);
        }

        var options = LocalPlatformOptions.FromEnvironment(tag) with { Name = "platform-itest-port", GatewayPort = port, DashboardPort = Containers.FreePort() };
        var platform = new LocalPlatform(docker, options, TextWriter.Null);
        try
        {
            var up = () => platform.UpAsync(TestContext.Current.CancellationToken);

            (await up.Should().ThrowAsync<PlatformException>()).WithMessage($"gateway port: 127.0.0.1:{port} is in use*");
            (await platform.ListResourcesAsync(TestContext.Current.CancellationToken)).Should().BeEmpty();
        }
        finally
        {
            foreach (var name in ServiceImages.Local)
            {
                await docker.RunAsync(new DockerCommand(["rmi", $"platform/{name}:{tag}"]), cancellationToken: CancellationToken.None);
            }
        }
    }
}
