using BuildCore;
using Platform.Build.Local.Bench;
using Spectre.Console;

// --env local: the issue-15 performance table against the running local platform (./build.sh Up --env local first).
partial class Build
{
    [Parameter("Interleaved rounds of the closed-loop runs (bare API, /health/live, /users/me, invoice create).")]
    readonly int BenchmarkRounds = 2;

    AbsolutePath BenchmarkDirectory => ArtifactsDirectory / "bench";

    Target Benchmark => _ => _
        .Description("--env local: req/s and latency of the running local platform as ratios to a bare minimal API on the same runtime image; writes artifacts/bench/results.{json,md}.")
        .Requires(() => Env)
        .Executes(async ct =>
        {
            EnsureLocal(nameof(Benchmark));
            var bareApi = BenchmarkDirectory / "bare-api";
            await RunToolAsync("dotnet", ["publish", RootDirectory / "bench" / "BareApi" / "BareApi.csproj", "-c", "Release", "-o", bareApi, "-nologo"], ct);
            var figures = await new PlatformBenchmark(Docker, LocalBaseUrl, bareApi, line => Output.WriteLine(line)).RunAsync(BenchmarkRounds, ct);
            var when = DateTimeOffset.UtcNow;
            Output.WriteLine(BenchmarkReport.Markdown(figures, when));
            await BenchmarkReport.WriteAsync(BenchmarkDirectory, figures, when, ct);
        });
}
