using Xunit.Sdk;
using Xunit.v3;

namespace Platform.Build.Local.Tests;

/// <summary>
/// Starts the class of the whole-platform test first. xunit runs two classes at a time here, in an order of its own;
/// that test is the longest of the whole suite (Up, a redeploy under traffic, Down) and its class runs Up's failure
/// scenarios after it, so every class xunit ran before it made the suite that much longer (2026-12-02: it started 21 s
/// in and Build.Local.Tests ended 30 s after every other project). The rest keep xunit's order.
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
