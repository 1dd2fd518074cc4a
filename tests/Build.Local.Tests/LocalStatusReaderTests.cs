using System.Net;
using System.Text.Json.Nodes;
using Amazon.SQS.Model;
using AwesomeAssertions;
using DotNet.Testcontainers.Containers;
using Platform.Build.Local.Docker;
using Platform.Build.Local.Platform;
using Platform.Build.Local.Status;
using Platform.Testing;

namespace Platform.Build.Local.Tests;

/// <summary>
/// Status --env local reads Docker's view of the platform's containers (`docker ps`, `docker inspect` as Docker 20.10 writes
/// it, scripted here), probes each service's live check through the gateway (a handler here), and counts the queues on a real
/// SQS emulator with the platform's queue names. The whole platform on the engine: <see cref="LocalPlatformTests"/>.
/// https://docs.docker.com/reference/cli/docker/inspect/
/// </summary>
[Trait("Category", "Integration")]
public sealed class LocalStatusReaderTests : IAsyncLifetime
{
    private const string Name = "platform-status";

    private IContainer? _sqs;

    private int SqsPort => _sqs!.GetMappedPublicPort(Containers.SqsPort);

    private LocalPlatformOptions Options => LocalPlatformOptions.FromEnvironment("any") with { Name = Name, GatewayPort = 8000 };

    public async ValueTask InitializeAsync()
    {
        _sqs = await Containers.StartAsync(() => Containers.Sqs().Build(), TestContext.Current.CancellationToken);
        await QueueProvisioner.CreateAsync(new Uri($"http://127.0.0.1:{SqsPort}"), Options.Region, Options.QueueName, Options.DeadLetterQueueName, TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_sqs is not null)
            await _sqs.DisposeAsync();
    }

    [Fact]
    public async Task ARunningPlatformWithLiveServicesIsHealthyAndItsQueueCountsComeFromTheEmulator()
    {
        // Given every container running, every live check 200, and 2 events waiting
        await SendAsync(Options.QueueName, 2);
        var docker = Docker(PlatformServices.All.Select(s => Service(s.Name, "running")).Append(Sqs()).Append(Other("gateway", "running")).Append(Other("postgres", "running")));

        // When
        var status = await new LocalStatusReader(docker, Options, new LiveChecks(_ => HttpStatusCode.OK)).ReadAsync(TestContext.Current.CancellationToken);

        // Then
        status.Problems.Should().BeEmpty();
        status.Services.Select(s => s.Name).Should().Equal(["auth-service", "user-service", "billing-service", "notification-service", "gateway", "postgres", "sqs"]);
        status.Services.Should().OnlyContain(s => s.Running == 1 && s.Desired == 1 && s.Rollout == "COMPLETED");
        status.Targets.Should().HaveCount(4).And.OnlyContain(t => t.State == "healthy");
        status.Queues.Should().BeEquivalentTo([new QueueStatusLine(Options.QueueName, 2, 0, false), new QueueStatusLine(Options.DeadLetterQueueName, 0, 0, true)]);
    }

    [Fact]
    public async Task AStoppedServiceAFailingLiveCheckAndADeadLetterAreEachAProblem()
    {
        // Given user-service exited, billing's live check answering 503, one message in the DLQ
        await SendAsync(Options.DeadLetterQueueName, 1);
        var docker = Docker(PlatformServices.All.Select(s => Service(s.Name, s.Name == "user-service" ? "exited" : "running"))
            .Append(Sqs()).Append(Other("gateway", "running")).Append(Other("postgres", "running")));
        var checks = new LiveChecks(path => path.StartsWith("/billing", StringComparison.Ordinal) ? HttpStatusCode.ServiceUnavailable : HttpStatusCode.OK);

        // When
        var status = await new LocalStatusReader(docker, Options, checks).ReadAsync(TestContext.Current.CancellationToken);

        // Then
        status.IsHealthy.Should().BeFalse();
        status.Problems.Should().BeEquivalentTo([
            $"user-service: {Name}-user-service-1 is exited",
            "billing-service: target http://127.0.0.1:8000/billing/health/live is unhealthy (HTTP 503)",
            $"{Options.DeadLetterQueueName} holds 1 dead letter(s)",
        ]);
    }

    [Fact]
    public async Task NoContainersAtAllSaysHowToStartThePlatform()
    {
        var status = await new LocalStatusReader(Docker([]), Options, new LiveChecks(_ => throw new HttpRequestException("Connection refused")))
            .ReadAsync(TestContext.Current.CancellationToken);

        status.Problems.Should().Contain("auth-service: no container (./build.sh Up --env local)");
        status.Targets.Should().OnlyContain(t => t.State == "unreachable");
        status.Queues.Should().BeEmpty();
    }

    private async Task SendAsync(string queue, int count)
    {
        using var sqs = QueueProvisioner.Client(new Uri($"http://127.0.0.1:{SqsPort}"), Options.Region);
        var url = (await sqs.GetQueueUrlAsync(new GetQueueUrlRequest { QueueName = queue }, TestContext.Current.CancellationToken)).QueueUrl;
        for (var i = 0; i < count; i++)
            await sqs.SendMessageAsync(new SendMessageRequest { QueueUrl = url, MessageBody = "{}" }, TestContext.Current.CancellationToken);
    }

    /// <summary>`docker ps` lists the names; `docker inspect` answers the array Docker prints for them.</summary>
    private static ScriptedDockerCli Docker(IEnumerable<JsonObject> containers)
    {
        var all = containers.ToList();
        return new ScriptedDockerCli((command, _) => command.Arguments[0] switch
        {
            "ps" => ScriptedDockerCli.Ok(string.Join('\n', all.Select(c => c["Name"]!.GetValue<string>().TrimStart('/')))),
            "inspect" => ScriptedDockerCli.Ok(new JsonArray([.. all.Select(c => c.DeepClone())]).ToJsonString()),
            _ => throw new InvalidOperationException($"unexpected docker {string.Join(' ', command.Arguments)}"),
        });
    }

    private static JsonObject Service(string service, string state) =>
        Inspected($"{Name}-{service}-1", state, null, $"platform/{service}:any", new JsonObject { [LocalPlatform.ServiceLabel] = $"{Name}/{service}" }, null);

    private static JsonObject Other(string name, string state) => Inspected($"{Name}-{name}", state, null, $"platform/local-{name}:any", [], null);

    private JsonObject Sqs() => Inspected($"{Name}-sqs", "running", "healthy", "platform-ci/fauxqs:2.4.1", [],
        new JsonObject { [$"{Containers.SqsPort}/tcp"] = new JsonArray(new JsonObject { ["HostIp"] = "127.0.0.1", ["HostPort"] = SqsPort.ToString(System.Globalization.CultureInfo.InvariantCulture) }) });

    private static JsonObject Inspected(string name, string state, string? health, string image, JsonObject labels, JsonObject? ports)
    {
        var stateJson = new JsonObject { ["Status"] = state, ["Running"] = state == "running" };
        if (health is not null)
            stateJson["Health"] = new JsonObject { ["Status"] = health, ["FailingStreak"] = 0 };
        labels[LocalPlatformOptions.Label] = Name;
        return new JsonObject
        {
            ["Name"] = "/" + name,
            ["Image"] = "sha256:" + new string('a', 64),
            ["State"] = stateJson,
            ["Config"] = new JsonObject { ["Image"] = image, ["Labels"] = labels },
            ["NetworkSettings"] = new JsonObject { ["Ports"] = ports ?? [] },
        };
    }

    /// <summary>The gateway's answers to each live check, by path.</summary>
    private sealed class LiveChecks(Func<string, HttpStatusCode> answer) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(answer(request.RequestUri!.AbsolutePath)));
    }
}
