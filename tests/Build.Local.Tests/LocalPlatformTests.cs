using System.Diagnostics;
using System.Net;
using AwesomeAssertions;
using Platform.Build.Local.Docker;
using Platform.Build.Local.Images;
using Platform.Build.Local.Platform;
using Platform.Build.Local.Smoke;
using Platform.Testing;

namespace Platform.Build.Local.Tests;

/// <summary>
/// The whole local platform on the Docker engine: build the images (Docker's layer cache makes a rebuild quick), Up,
/// health and smoke through the gateway, a redeploy under continuous traffic, Down. One test: the steps depend on each
/// other, and the images are built once. The longest test of the run: a class of its own, started first
/// (<see cref="LongestFirstCollectionOrderer"/>), so nothing queues in front of it; Up's failures are
/// <see cref="LocalPlatformFailureTests"/>.
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

        var options = LocalPlatformOptions.FromEnvironment(Tag) with { Name = "platform-itest", GatewayPort = Containers.FreePort(), DashboardPort = Containers.FreePort() };
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
}
