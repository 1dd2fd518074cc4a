using System.Text;
using System.Text.Json;

namespace BuildTests.Deploy;

/// <summary>
/// Where a deploy's time goes and how long is left, against the fake AWS: each wait's progress line estimates what is left,
/// first from typical durations per resource type, then from this stack's own history, which the build keeps in the template
/// bucket (deploy-history/&lt;stack&gt;.json); the phases become rows of the end-of-run table and artifacts/deploy-timings.json.
/// Only what is printed and recorded is asserted, never a duration: the fake's operations take milliseconds.
/// </summary>
public sealed class DeployTimingsTests
{
    const string Deploy = $"DeployStack --skip --env dev --acm-certificate-arn {DeployHarness.Certificate}";
    const string Bucket = "platform-templates-123456789012-eu-west-1";

    [Fact]
    public async Task AFirstDeployEstimatesFromTypicalDurationsAndTheNextFromThisStacksHistory()
    {
        // Given no history: the first deploy estimates from the slowest changed resource type
        await using var harness = await DeployHarness.StartAsync();
        // A progress line comes after six polls without the end (PLATFORM_POLL_INTERVAL_MILLISECONDS 2, progress every
        // 12 ms): one event a poll keeps the update (about ten events) waiting that long; six a poll ended it sooner, and
        // "still waiting ... updating" was missing once in a full run (2026-12-02).
        harness.Aws.CloudFormation.ExecutionStepsPerPoll = 1;
        using var root = await ScratchRoot.WithRepositoryTemplateAsync();
        harness.SeedImages("first");
        var (firstExit, first) = await harness.RunAsync($"{Deploy} --tag first", rootDirectory: root.Path);
        Assert.True(firstExit == 0, first);
        OutputAssert.Contains($"No deploy history of dev-microservices-platform in s3://{Bucket}/deploy-history/dev-microservices-platform.json yet", first);
        Assert.Matches(@"still waiting for stack dev-microservices-platform to finish creating: .*\(\d+ ms of 3600 s; about 10 min left, slowest change: AWS::RDS::DBInstance, typically 10 min\)", first);
        var stored = Encoding.UTF8.GetString(harness.Aws.S3.ObjectBytes(Bucket, "deploy-history/dev-microservices-platform.json")!);
        using (var history = JsonDocument.Parse(stored))
        {
            var operations = history.RootElement.GetProperty("operations");
            Assert.Equal(1, operations.GetProperty("create").GetArrayLength());
            Assert.Equal(1, operations.GetProperty("update").GetArrayLength());
            Assert.Equal(4, operations.GetProperty("rollout").GetArrayLength());
            Assert.True(history.RootElement.GetProperty("resourceTypes").TryGetProperty("AWS::RDS::DBInstance", out _), stored);
        }

        // When the next deploy runs
        harness.SeedImages("second");
        var (secondExit, second) = await harness.RunAsync($"{Deploy} --tag second", rootDirectory: root.Path);

        // Then it reads the history and estimates the update from this stack's last update
        Assert.True(secondExit == 0, second);
        OutputAssert.Contains($"Deploy history of dev-microservices-platform: s3://{Bucket}/deploy-history/dev-microservices-platform.json", second);
        Assert.Matches(@"still waiting for stack dev-microservices-platform to finish updating: .*median of this stack's last 1 update\(s\)\)", second);
    }

    [Fact]
    public async Task ThePhasesInsideDeployStackAreRowsOfTheTableAndGoToDeployTimingsJson()
    {
        await using var harness = await DeployHarness.StartAsync();
        using var root = await ScratchRoot.WithRepositoryTemplateAsync();
        harness.SeedImages("first");

        var (exitCode, output) = await harness.RunAsync($"{Deploy} --tag first", rootDirectory: root.Path);

        Assert.True(exitCode == 0, output);
        var table = output[output.LastIndexOf("│ DeployStack", StringComparison.Ordinal)..];
        foreach (var phase in new[] { "change set ready", "execution (create)", "execution (update)", "rollout dev-auth-service" })
            Assert.Contains("│   " + phase, table, StringComparison.Ordinal);
        // The slowest resource type, indented under the execution it belongs to (the services wait for their tasks).
        Assert.Matches(@"│   execution \(update\)\s+│\s+│[^│]+│\s+│     AWS::ECS::Service ", table.ReplaceLineEndings(" "));
        using var timings = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(root.Path, "artifacts", "deploy-timings.json"), TestContext.Current.CancellationToken));
        Assert.Equal("dev-microservices-platform", timings.RootElement.GetProperty("stack").GetString());
        var phases = timings.RootElement.GetProperty("phases").EnumerateArray()
            .Select(p => (Target: p.GetProperty("Target").GetString(), Phase: p.GetProperty("Phase").GetString(), Seconds: p.GetProperty("Seconds").GetDouble())).ToList();
        Assert.Contains(("DeployStack", "execution (update)"), phases.Select(p => (p.Target, p.Phase)));
        Assert.Contains(("DeployStack", "rollout dev-notification-service"), phases.Select(p => (p.Target, p.Phase)));
        // The file has every resource type, the table only the slowest.
        Assert.Contains(("DeployStack", "AWS::RDS::DBInstance"), phases.Select(p => (p.Target, p.Phase)));
        Assert.All(phases, p => Assert.True(p.Seconds >= 0));
    }
}
