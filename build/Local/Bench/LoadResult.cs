namespace Platform.Build.Local.Bench;

/// <summary>One load run: throughput, latency percentiles (ms) and the requests that did not get the expected status.</summary>
public sealed record LoadResult(string Name, double RequestsPerSecond, double P50Ms, double P99Ms, long Requests, long Errors);
