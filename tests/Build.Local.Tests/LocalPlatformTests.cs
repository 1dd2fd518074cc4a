using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using AwesomeAssertions;
using Platform.Build.Local.Docker;
using Platform.Build.Local.Images;
using Platform.Build.Local.Platform;
using Platform.Build.Local.Smoke;
using Platform.Testing;

namespace Platform.Build.Local.Tests;

/// <summary>
/// The whole local platform on the Docker engine: build the five images (Docker's layer cache makes a rebuild quick),
/// Up, health and smoke through the gateway, a redeploy under continuous traffic, Down. One test: the steps depend on
/// each other, and the images are built once.
/// </summary>
[Trait("Category", "Integration")]
public sealed class LocalPlatformTests
{
    private const string Tag = "itest";

    [Fact]
    public async Task UpServesEveryServiceRedeployDropsNoRequestAndDownLeavesNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        using var log = new TestOutputWriter(TestContext.Current.TestOutputHelper!);
        var docker = new DockerCli();
        var clock = Stopwatch.StartNew();
        using (await ImageBuildLock.AcquireAsync(ct))
        {
            await new ImageBuilder(docker, log).BuildAsync(new ImageBuildOptions
            {
                RepositoryRoot = RepositoryPaths.Root,
                RepositoryPrefix = "platform/",
                Tag = Tag,
                Images = ServiceImages.Local,
            }, ct);
        }

        log.WriteLine($"images built in {clock.Elapsed.TotalSeconds:0} s");

        var options = LocalPlatformOptions.FromEnvironment(Tag) with { Name = "platform-itest", GatewayPort = FreePort(), DashboardPort = FreePort(), RuntimeSettings = LocalPlatformOptions.ShortLivedRuntime };
        var platform = new LocalPlatform(docker, options, log);
        try
        {
            // Up: every deep health check answers ok through the gateway
            clock.Restart();
            var baseUrl = await platform.UpAsync(ct);
            log.WriteLine($"Up: {clock.Elapsed.TotalSeconds:0} s");
            baseUrl.Should().Be(new Uri($"http://127.0.0.1:{options.GatewayPort}"));

            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            var report = await new HealthSmokeTest(http, log).RunAsync(baseUrl, TimeSpan.FromSeconds(30), ct);
            report.Passed.Should().BeTrue(report.ToTable());
            using (var unrouted = await http.GetAsync(new Uri(baseUrl, "/nowhere"), ct))
            {
                unrouted.StatusCode.Should().Be(HttpStatusCode.NotFound);
            }

            // Redeploy while two clients keep sending requests through the gateway
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var load = Enumerable.Range(0, 2).Select(i => SendUntilStoppedAsync(http, baseUrl, i, stop.Token)).ToList();
            clock.Restart();
            await platform.RedeployAsync(ct);
            log.WriteLine($"Redeploy: {clock.Elapsed.TotalSeconds:0} s");
            await Task.Delay(TimeSpan.FromSeconds(2), ct); // traffic after the last old container is gone, too
            await stop.CancelAsync();
            var results = (await Task.WhenAll(load)).SelectMany(r => r).ToList();
            var failures = results.Where(r => r.Failure is not null).ToList();
            log.WriteLine($"requests during redeploy: {results.Count}, failed: {failures.Count}");

            failures.Should().BeEmpty("no request may fail while containers are replaced; first failures: "
                + string.Join("; ", failures.Take(5).Select(f => $"{f.Path}: {f.Failure}")));
            results.Count.Should().BeGreaterThan(100, "the load must cover the whole redeploy");
            foreach (var service in PlatformServices.All)
            {
                (await platform.CurrentContainersAsync(service, ct)).Should().ContainSingle().Which.Generation.Should().Be(2);
            }

            // The runtime settings reach the gateway and, past the redeploy's copy of the contract, the new containers.
            foreach (var container in PlatformServices.All.Select(s => $"platform-itest-{s.Name}-2").Append("platform-itest-gateway"))
            {
                var env = await docker.RunCheckedAsync(new DockerCommand(["inspect", "--format", "{{range .Config.Env}}{{println .}}{{end}}", container]), cancellationToken: ct);
                env.Split('\n').Should().Contain("DOTNET_TieredPGO=0", container);
            }

            (await new HealthSmokeTest(http, log).RunAsync(baseUrl, TimeSpan.FromSeconds(30), ct)).Passed.Should().BeTrue();
        }
        finally
        {
            clock.Restart();
            await platform.DownAsync(CancellationToken.None);
            log.WriteLine($"Down: {clock.Elapsed.TotalSeconds:0.0} s");
        }

        (await platform.ListResourcesAsync(ct)).Should().BeEmpty();
        (await docker.RunCheckedAsync(new DockerCommand(["ps", "--all", "--filter", "name=platform-itest", "--format", "{{.Names}}"]), cancellationToken: ct)).Should().BeEmpty();
        await platform.DownAsync(ct); // idempotent
        log.Text.Should().EndWith($"platform-itest: nothing to remove{Environment.NewLine}");
    }

    [Fact]
    public async Task UpWithoutBuiltImagesFailsNamingThem()
    {
        var options = LocalPlatformOptions.FromEnvironment("never-built") with { Name = "platform-itest-missing", GatewayPort = FreePort(), DashboardPort = FreePort() };
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

        var options = LocalPlatformOptions.FromEnvironment(tag) with { Name = "platform-itest-crash", GatewayPort = FreePort(), DashboardPort = FreePort(), HealthBudget = TimeSpan.FromSeconds(60), RuntimeSettings = LocalPlatformOptions.ShortLivedRuntime };
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

        var options = LocalPlatformOptions.FromEnvironment(tag) with { Name = "platform-itest-port", GatewayPort = port, DashboardPort = FreePort() };
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

    private sealed record Sent(string Path, string? Failure);

    private static async Task<List<Sent>> SendUntilStoppedAsync(HttpClient http, Uri baseUrl, int offset, CancellationToken stop)
    {
        var sent = new List<Sent>();
        // Bounded: a redeploy that hangs ends the loop too (the test then fails on the redeploy's own budget).
        for (var i = offset; !stop.IsCancellationRequested && sent.Count < 100_000; i++)
        {
            var service = PlatformServices.All[i % PlatformServices.All.Count];
            var path = i % 2 == 0 ? service.LivePath : service.HealthPath;
            try
            {
                using var response = await http.GetAsync(new Uri(baseUrl, path), CancellationToken.None);
                var body = await response.Content.ReadAsStringAsync(CancellationToken.None);
                sent.Add(new Sent(path, response.IsSuccessStatusCode && HealthProbe.IsOk(body) ? null : $"{(int)response.StatusCode} {HealthProbe.Truncate(body)}"));
            }
            catch (HttpRequestException exception)
            {
                sent.Add(new Sent(path, exception.Message));
            }

            await Task.Delay(20, CancellationToken.None);
        }

        return sent;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
