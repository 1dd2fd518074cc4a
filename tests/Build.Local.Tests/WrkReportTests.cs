using AwesomeAssertions;
using Platform.Build.Local.Bench;

namespace Platform.Build.Local.Tests;

public sealed class WrkReportTests
{
    private const string Report = """
        Running 10s test @ http://127.0.0.1:8000/billing/invoices
          1 threads and 32 connections
          Thread Stats   Avg      Stdev     Max   +/- Stdev
            Latency     1.23ms  456.00us  12.34ms   90.00%
            Req/Sec    25.12k     1.23k   27.00k    80.00%
          Latency Distribution
             50%  850.00us
             75%    1.30ms
             90%    1.60ms
             99%    1.20s
          250000 requests in 10.00s, 30.00MB read
          Socket errors: connect 0, read 2, write 0, timeout 1
          Non-2xx or 3xx responses: 5
        Requests/sec:  25000.50
        Transfer/sec:      3.00MB
        """;

    [Fact]
    public void WrkReportGivesRatePercentilesInMillisecondsAndEveryFailedRequest()
    {
        var result = WrkRun.Parse("invoice", Report);

        result.Should().Be(new LoadResult("invoice", 25000.50, 0.85, 1200, 250000, 8));
    }

    [Fact]
    public void WrkReportWithoutFailuresCountsNone()
    {
        var clean = Report.Replace("  Socket errors: connect 0, read 2, write 0, timeout 1\n", "", StringComparison.Ordinal)
            .Replace("  Non-2xx or 3xx responses: 5\n", "", StringComparison.Ordinal);

        WrkRun.Parse("live", clean).Errors.Should().Be(0);
    }
}
