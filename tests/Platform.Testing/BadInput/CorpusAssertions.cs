using AwesomeAssertions;

namespace Platform.Testing.BadInput;

public static class CorpusAssertions
{
    /// <summary>At least <see cref="MinimumCases"/> requests per endpoint, as the hardening issue asks.</summary>
    public const int MinimumCases = 40;

    /// <summary>Runs the endpoint's whole corpus against <paramref name="server"/> and fails with every case that broke the rule.</summary>
    public static async Task ShouldRefuseEveryBadInputAsync(
        Uri server, CorpusEndpoint endpoint, CancellationToken cancellationToken, bool serverRejectionsAllowed = true, Func<CorpusCase, bool>? only = null)
    {
        var cases = BadInputCorpus.For(endpoint).Where(only ?? (_ => true)).ToList();
        if (only is null)
        {
            cases.Count.Should().BeGreaterThanOrEqualTo(MinimumCases, endpoint.ToString());
        }

        var failures = await CorpusRunner.RunAsync(server, cases, serverRejectionsAllowed, cancellationToken);
        TestContext.Current.TestOutputHelper?.WriteLine($"FIGURE bad-input corpus {endpoint}: {cases.Count} requests, {failures.Count} broke the rule");
        failures.Should().BeEmpty($"{endpoint}: no 5xx, and a problem document for every 4xx");
    }

    /// <summary>The Kestrel address a started WebApplicationFactory listens on.</summary>
    public static Uri Address(HttpClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        return client.BaseAddress ?? throw new InvalidOperationException("the client has no base address");
    }
}
