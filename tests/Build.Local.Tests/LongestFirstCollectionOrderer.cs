using Xunit.Sdk;
using Xunit.v3;

namespace Platform.Build.Local.Tests;

/// <summary>
/// Starts the whole-platform test first. xunit runs two classes at a time here, in an order of its own; the
/// whole-platform test is the longest of the whole suite (image builds, Up, a redeploy), so every class run before it
/// made the run that much longer (2026-12-02: it started 44 s in, behind the failure scenarios). The rest keep xunit's order.
/// </summary>
public sealed class LongestFirstCollectionOrderer : ITestCollectionOrderer
{
    private static readonly string[] Longest = [typeof(LocalPlatformTests).FullName!];

    public IReadOnlyCollection<TTestCollection> OrderTestCollections<TTestCollection>(IReadOnlyCollection<TTestCollection> testCollections)
        where TTestCollection : notnull, ITestCollection =>
        [.. testCollections.OrderBy(collection => IsLongest(collection) ? 0 : 1)];

    private static bool IsLongest(ITestCollection collection) =>
        Longest.Any(name => collection.TestCollectionDisplayName.EndsWith(name, StringComparison.Ordinal)
            || collection.TestCollectionDisplayName.Contains(name + " ", StringComparison.Ordinal));
}
