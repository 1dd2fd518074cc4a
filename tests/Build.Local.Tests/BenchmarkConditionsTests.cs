using AwesomeAssertions;
using Platform.Build.Local.Bench;

namespace Platform.Build.Local.Tests;

public sealed class BenchmarkConditionsTests
{
    [Fact]
    public void SmapsRollupSplitsResidentMemoryIntoAnonymousAndFileBacked()
    {
        const string rollup = """
            5581b9f6c000-7ffd2b1f8000 ---p 00000000 00:00 0                          [rollup]
            Rss:              153600 kB
            Pss:              150000 kB
            Anonymous:        102400 kB
            Swap:                  0 kB
            """;

        var memory = ProcessMemory.Parse(rollup);

        memory.Should().Be(new ProcessMemory(153600, 102400));
        memory.FileBackedKib.Should().Be(51200);
        memory.ToString().Should().Be("RSS 150 MiB (anonymous 100, file-backed 50)");
    }

    [Fact]
    public void MachineBusyShareCountsIdleAndIowaitAsNotBusy()
    {
        var before = MachineCpu.Sample();
        var busyLoop = DateTime.UtcNow.AddMilliseconds(300);
        while (DateTime.UtcNow < busyLoop)
        {
            // One core kept busy, so the share cannot be 0.
        }

        var share = before.BusyUntil(MachineCpu.Sample());

        share.Should().BeInRange(0.01, 1.0);
        new MachineCpu(100, 1000).BusyUntil(new MachineCpu(160, 1100)).Should().Be(0.6);
        before.BusyUntil(before).Should().Be(0);
    }

    [Fact]
    public void DockerStatsAreReadForThePlatformsContainersBusiestFirst()
    {
        const string stats = "platform-local-postgres\t48.20%\nplatform-local-billing-service-1\t91.75%\nother-container\t99.00%\nplatform-local-sqs\t--\n";

        var sample = ContainerCpu.Parse(stats, "platform-local-");

        sample.Should().Equal([("billing-service-1", 91.75), ("postgres", 48.2)]);
        ContainerCpu.Describe(sample).Should().Be("billing-service-1 92%, postgres 48%");
    }

    [Fact]
    public void DatabaseSessionSamplesBecomeSharesMostCommonFirst()
    {
        string[] samples = ["Lock:object (active)", "Client:ClientRead (idle)", "Lock:object (active)", "IO:WALSync (active)"];

        var shares = DatabaseWaits.Shares(samples);

        DatabaseWaits.Describe(shares).Should().Be("Lock:object (active) 50%, Client:ClientRead (idle) 25%, IO:WALSync (active) 25%");
    }

    [Theory]
    [InlineData("0\n", 0.0)]
    [InlineData("0.412345\n", 0.412345)]
    [InlineData("  2.5 ", 2.5)]
    public void OutboxLagReadsPsqlsSeconds(string output, double seconds) => OutboxLag.Seconds(output).Should().Be(seconds);
}
