using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Platform.Build.Local.Tests;

namespace BuildTests.Deploy;

/// <summary>
/// ./build.sh Status --env local through the real target: Docker's answers scripted (what `docker ps` and `docker inspect`
/// print), the gateway's port closed. The reader against a real SQS emulator: Build.Local.Tests' LocalStatusReaderTests.
/// </summary>
public sealed class LocalStatusTests
{
    [Fact]
    public async Task StatusLocalPrintsTheContainersAndExitsNonZeroWhenThePlatformIsOnlyHalfThere()
    {
        // Given the four services running but no gateway, database or queue emulator
        await using var harness = await DeployHarness.StartAsync();
        string[] services = ["auth-service", "user-service", "billing-service", "notification-service"];
        var docker = new ScriptedDockerCli((command, _) => command.Arguments[0] switch
        {
            "ps" => ScriptedDockerCli.Ok(string.Join('\n', services.Select(s => $"platform-local-{s}-1"))),
            "inspect" => ScriptedDockerCli.Ok(new JsonArray([.. services.Select(Inspected)]).ToJsonString()),
            _ => ScriptedDockerCli.Fail(1, "unexpected"),
        });

        // When
        var (exitCode, output) = await harness.RunAsync($"Status --env local --local-gateway-port {ClosedPort()}", build: new Build { Docker = docker });

        // Then
        Assert.Equal(1, exitCode);
        OutputAssert.Contains("local: containers on the local Docker engine", output);
        Assert.Matches(@"auth-service\s+1/1\s+0\s+COMPLETED\s+platform-local-auth-service-1\s+platform/auth-service:abc1234 \(sha256:bbbbbbbbbbbb\)", output);
        OutputAssert.Contains("- gateway: no container (./build.sh Up --env local)", output);
        OutputAssert.Contains("- sqs: no container (./build.sh Up --env local)", output);
        Assert.Matches(@"- auth-service: target http://127\.0\.0\.1:\d+/auth/health/live is unreachable", output);
        OutputAssert.Contains("local is unhealthy:", output);
        Assert.Equal(["ps", "inspect"], docker.Commands.Select(c => c.Arguments[0]));
    }

    /// <summary>A running service container as `docker inspect` prints it (the fields Status reads).</summary>
    static JsonNode Inspected(string service) => new JsonObject
    {
        ["Name"] = $"/platform-local-{service}-1",
        ["Image"] = "sha256:" + new string('b', 64),
        ["State"] = new JsonObject { ["Status"] = "running" },
        ["Config"] = new JsonObject
        {
            ["Image"] = $"platform/{service}:abc1234",
            ["Labels"] = new JsonObject { ["io.platform.local"] = "platform-local", ["io.platform.local.service"] = $"platform-local/{service}" },
        },
        ["NetworkSettings"] = new JsonObject { ["Ports"] = new JsonObject() },
    };

    static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
