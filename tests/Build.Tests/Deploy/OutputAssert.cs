namespace BuildTests.Deploy;

/// <summary>Assertions on a build's console output that show the whole output when they fail.</summary>
internal static class OutputAssert
{
    public static void Contains(string expected, string output) =>
        Assert.True(output.Contains(expected, StringComparison.Ordinal), $"Expected to find:{Environment.NewLine}{expected}{Environment.NewLine}in the output:{Environment.NewLine}{output}");

    public static void DoesNotContain(string unexpected, string output) =>
        Assert.False(output.Contains(unexpected, StringComparison.Ordinal), $"Did not expect:{Environment.NewLine}{unexpected}{Environment.NewLine}in the output:{Environment.NewLine}{output}");
}
