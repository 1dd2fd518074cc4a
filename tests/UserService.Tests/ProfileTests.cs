using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AwesomeAssertions;
using Platform.Testing;
using Platform.Testing.Tokens;

namespace Platform.UserService.Tests;

[Trait("Category", "Integration")]
public sealed class ProfileTests(PlatformContainers containers)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<JsonElement> PutAsync(HttpClient client, string displayName)
    {
        using var response = await client.PutAsJsonAsync("/users/me", new { displayName }, Ct);
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
        return await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
    }

    [Fact]
    public async Task GetBeforeAnyPutReturnsTheEmptyProfile()
    {
        await using var host = await UserHost.StartAsync(containers, Ct);
        var user = Guid.NewGuid();
        using var client = host.Client(user);

        using var response = await client.GetAsync("/users/me", Ct);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var profile = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        profile.GetProperty("userId").GetGuid().Should().Be(user);
        foreach (var field in new[] { "email", "displayName", "createdAt", "updatedAt" })
        {
            profile.GetProperty(field).ValueKind.Should().Be(JsonValueKind.Null, field);
        }

        (await host.ProfileRowsAsync(user)).Should().Be(0, "reading does not create a profile");
    }

    [Fact]
    public async Task PutThenGetRoundTripsTheTrimmedNameAndASecondPutMovesOnlyUpdatedAt()
    {
        await using var host = await UserHost.StartAsync(containers, Ct);
        var user = Guid.NewGuid();
        using var client = host.Client(user);

        // When
        var first = await PutAsync(client, "  Ada Lovelace \t");
        var read = await client.GetFromJsonAsync<JsonElement>("/users/me", Ct);

        // Then
        first.GetProperty("userId").GetGuid().Should().Be(user);
        first.GetProperty("displayName").GetString().Should().Be("Ada Lovelace");
        read.GetRawText().Should().Be(first.GetRawText(), "GET returns the profile as PUT returned it");
        var createdAt = first.GetProperty("createdAt").GetDateTimeOffset();
        createdAt.Should().BeCloseTo(DateTimeOffset.UtcNow, TimeSpan.FromMinutes(1));
        first.GetProperty("updatedAt").GetDateTimeOffset().Should().Be(createdAt);

        var second = await PutAsync(client, "Ada");
        second.GetProperty("displayName").GetString().Should().Be("Ada");
        second.GetProperty("createdAt").GetDateTimeOffset().Should().Be(createdAt);
        second.GetProperty("updatedAt").GetDateTimeOffset().Should().BeAfter(first.GetProperty("updatedAt").GetDateTimeOffset());
        (await client.GetFromJsonAsync<JsonElement>("/users/me", Ct)).GetRawText().Should().Be(second.GetRawText());
        (await host.ProfileRowsAsync(user)).Should().Be(1);
    }

    [Fact]
    public async Task TwoUsersNeverSeeEachOthersProfile()
    {
        await using var host = await UserHost.StartAsync(containers, Ct);
        var alice = Guid.NewGuid();
        var bob = Guid.NewGuid();
        using var aliceClient = host.Client(alice);
        using var bobClient = host.Client(bob);

        await PutAsync(aliceClient, "Alice");
        var bobBefore = await bobClient.GetFromJsonAsync<JsonElement>("/users/me", Ct);
        await PutAsync(bobClient, "Bob");

        bobBefore.GetProperty("userId").GetGuid().Should().Be(bob);
        bobBefore.GetProperty("displayName").ValueKind.Should().Be(JsonValueKind.Null);
        var aliceAfter = await aliceClient.GetFromJsonAsync<JsonElement>("/users/me", Ct);
        aliceAfter.GetProperty("userId").GetGuid().Should().Be(alice);
        aliceAfter.GetProperty("displayName").GetString().Should().Be("Alice", "Bob's save must not touch Alice's row");
        (await bobClient.GetFromJsonAsync<JsonElement>("/users/me", Ct)).GetProperty("displayName").GetString().Should().Be("Bob");
    }

    [Fact]
    public async Task TheTokensEmailClaimShowsInTheProfile()
    {
        await using var host = await UserHost.StartAsync(containers, Ct);
        var user = Guid.NewGuid();
        using var client = host.ClientWithToken(TestJwt.Issue(user, "ada@example.com"));

        var before = await client.GetFromJsonAsync<JsonElement>("/users/me", Ct);
        var saved = await PutAsync(client, "Ada");

        before.GetProperty("email").GetString().Should().Be("ada@example.com");
        saved.GetProperty("email").GetString().Should().Be("ada@example.com");
        (await client.GetFromJsonAsync<JsonElement>("/users/me", Ct)).GetProperty("email").GetString().Should().Be("ada@example.com");
    }

    [Fact]
    public async Task ConcurrentPutsByOneUserLeaveOneRow()
    {
        const int n = 20;
        // About the upsert under concurrency, not deadlines: 20 connections opened at once missed the 1 s connect
        // bound under the full suite's load and were answered 503 (seen 2026-12-02).
        await using var host = await UserHost.StartAsync(containers, Ct, settings: ServiceSettings.PatientDatabase);
        var user = Guid.NewGuid();
        using var client = host.Client(user);
        // Warm the host on another user so the n requests overlap instead of queueing behind the first one's JIT.
        using (var warm = host.Client(Guid.NewGuid()))
        {
            await PutAsync(warm, "warm-up");
        }

        var names = Enumerable.Range(0, n).Select(i => $"Name {i}").ToList();
        var responses = await Task.WhenAll(names.Select(name => client.PutAsJsonAsync("/users/me", new { displayName = name }, Ct)));

        responses.Select(r => r.StatusCode).Should().OnlyContain(s => s == HttpStatusCode.OK);
        (await host.ProfileRowsAsync(user)).Should().Be(1);
        var final = await client.GetFromJsonAsync<JsonElement>("/users/me", Ct);
        names.Should().Contain(final.GetProperty("displayName").GetString());
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Theory]
    [InlineData("not-a-guid")]
    [InlineData("")]
    public async Task ASubjectThatIsNotAUserIdIs401(string subject)
    {
        await using var host = await UserHost.StartAsync(containers, Ct);
        using var client = host.ClientWithToken(SubjectTokens.WithSubject(subject));

        using var get = await client.GetAsync("/users/me", Ct);
        using var put = await client.PutAsJsonAsync("/users/me", new { displayName = "Mallory" }, Ct);

        foreach (var response in new[] { get, put })
        {
            response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
            response.Content.Headers.ContentType?.MediaType.Should().Be("application/problem+json");
        }
    }

    [Fact]
    public async Task OpenApiDocumentListsTheProfileRoute()
    {
        await using var host = await UserHost.StartAsync(containers, Ct);
        using var client = host.App.CreateClient();

        using var document = JsonDocument.Parse(await client.GetStringAsync("/users/openapi/v1.json", Ct));

        var me = document.RootElement.GetProperty("paths").GetProperty("/users/me");
        me.TryGetProperty("get", out _).Should().BeTrue();
        me.TryGetProperty("put", out _).Should().BeTrue();
    }
}
