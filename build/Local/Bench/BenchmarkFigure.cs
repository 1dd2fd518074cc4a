namespace Platform.Build.Local.Bench;

/// <summary>One row of the benchmark table: the value, its ratio to the bare API where that applies, detail, verdict.</summary>
public sealed record BenchmarkFigure(string Figure, double Value, string RatioToBare, string? Detail, string Verdict);
