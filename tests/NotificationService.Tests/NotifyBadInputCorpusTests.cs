using Platform.Testing;
using Platform.Testing.BadInput;
using Platform.Testing.Tokens;

namespace Platform.NotificationService.Tests;

[Trait("Category", "Integration")]
public sealed class NotifyBadInputCorpusTests(PlatformContainers containers)
{
    [Fact]
    public async Task ListNotificationsAnswersEveryBadInputWithoutA5xxAndEvery4xxIsAProblem()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await IsolatedService.StartAsync<Program>(containers, "notify", ct);
        using var client = host.CreateClient();
        var endpoint = new CorpusEndpoint(
            "GET", "/notify/notifications", null, 30_000_000, new Dictionary<string, string> { ["Authorization"] = "Bearer " + TestJwt.Issue(Guid.NewGuid()) });

        await CorpusAssertions.ShouldRefuseEveryBadInputAsync(CorpusAssertions.Address(client), endpoint, ct);
    }
}
