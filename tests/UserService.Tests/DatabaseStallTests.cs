using System.Net;
using AwesomeAssertions;
using Platform.Testing;

namespace Platform.UserService.Tests;

/// <summary>A profile read while PostgreSQL is frozen answers 503 within 4 s; once it is back the read succeeds at once.</summary>
[Trait("Category", "Integration")]
public sealed class DatabaseStallTests(PlatformContainers containers, DedicatedPostgres postgres) : IClassFixture<DedicatedPostgres>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ProfileReadIs503WithinFourSecondsWhilePostgresIsPausedAndOkAtOnceAfterwards()
    {
        await using var factory = await DatabaseStall.StartServiceAsync<Program>(containers, postgres.Container, Ct);
        using var client = factory.CreateClientFor(Guid.NewGuid());
        (await TimedResponse.SendAsync(client, new HttpRequestMessage(HttpMethod.Get, "/users/me"), Ct)).StatusCode.Should().Be(HttpStatusCode.OK);

        var stalled = await DatabaseStall.SendWhilePausedAsync(postgres.Container, client, new HttpRequestMessage(HttpMethod.Get, "/users/me"), Ct);

        var after = await TimedResponse.SendAsync(client, new HttpRequestMessage(HttpMethod.Get, "/users/me"), Ct);

        TestContext.Current.TestOutputHelper?.WriteLine($"FIGURE profile read with PostgreSQL paused: {stalled}");
        stalled.ShouldBeFastServiceUnavailable();
        after.StatusCode.Should().Be(HttpStatusCode.OK, after.ToString());
    }
}
