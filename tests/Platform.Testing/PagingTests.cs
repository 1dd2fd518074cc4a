using System.Net;
using System.Text.Json;
using AwesomeAssertions;
using Platform.Testing.Tokens;

namespace Platform.Testing;

/// <summary>
/// A paged list endpoint (?limit=, ?cursor=, Link rel="next"): every row exactly once, newest first, across pages,
/// including rows created in the same microsecond; bad limits and edited or foreign cursors are 400s naming the
/// parameter. A service derives one class per list endpoint and says how to seed rows.
/// </summary>
[Trait("Category", "Integration")]
public abstract class PagingTests<TProgram>(PlatformContainers containers, SharedHosts<IsolatedServiceHost<TProgram>> refusals, string queuePrefix, string path)
    : IClassFixture<SharedHosts<IsolatedServiceHost<TProgram>>>
    where TProgram : class
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Inserts <paramref name="count"/> rows for the user: half at one instant (ties broken by id), the rest a second apart.</summary>
    protected abstract string SeedSql(Guid userId, int count);

    [Fact]
    public async Task PagesHoldEveryRowOnceNewestFirstAndTheLastHasNoNextLink()
    {
        await using var host = await IsolatedService.StartAsync<TProgram>(containers, queuePrefix, Ct);
        var user = Guid.NewGuid();
        await host.ScalarAsync(SeedSql(user, 7));
        await host.ScalarAsync(SeedSql(Guid.NewGuid(), 3)); // someone else's rows never show
        using var client = host.Client(user);

        var seen = new List<(DateTimeOffset CreatedAt, string Id)>();
        var pages = 0;
        for (var next = path + "?limit=3"; next is not null; pages++)
        {
            using var response = await client.GetAsync(new Uri(next, UriKind.Relative), Ct);
            response.StatusCode.Should().Be(HttpStatusCode.OK);
            var items = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;
            items.ValueKind.Should().Be(JsonValueKind.Array, "the list stays a JSON array");
            seen.AddRange(items.EnumerateArray().Select(i => (i.GetProperty("createdAt").GetDateTimeOffset(), i.GetProperty("id").GetString()!)));
            next = response.Headers.TryGetValues("Link", out var links) ? NextLink(links.Single()) : null;
        }

        pages.Should().Be(3);
        seen.Should().HaveCount(7).And.OnlyHaveUniqueItems();
        seen.Should().BeInDescendingOrder(r => r.CreatedAt);
    }

    [Fact]
    public async Task DefaultLimitIsFiftyAndTheMaximumIsTwoHundred()
    {
        await using var host = await IsolatedService.StartAsync<TProgram>(containers, queuePrefix, Ct);
        var user = Guid.NewGuid();
        await host.ScalarAsync(SeedSql(user, 210));
        using var client = host.Client(user);

        (await CountAsync(client, path)).Should().Be(50);
        (await CountAsync(client, path + "?limit=200")).Should().Be(200);
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=201", "limit")]
    [InlineData("limit=-5", "limit")]
    [InlineData("limit=ten", "limit")]
    [InlineData("limit=10&limit=20", "limit")]
    [InlineData("cursor=not-a-cursor", "cursor")]
    public async Task OutOfRangeLimitOrBadCursorIs400NamingIt(string query, string parameter)
    {
        // Refused queries read nothing and change nothing: the cases share one host.
        var host = await refusals.GetAsync(queuePrefix, () => IsolatedService.StartAsync<TProgram>(containers, queuePrefix, Ct));
        using var client = host.Client(Guid.NewGuid());

        await ShouldBe400NamingAsync(client, $"{path}?{query}", parameter);
    }

    [Fact]
    public async Task EditedCursorOrAnotherUsersCursorIs400()
    {
        // Given a real next link
        await using var host = await IsolatedService.StartAsync<TProgram>(containers, queuePrefix, Ct);
        var user = Guid.NewGuid();
        await host.ScalarAsync(SeedSql(user, 4));
        using var client = host.Client(user);
        using var first = await client.GetAsync(new Uri(path + "?limit=2", UriKind.Relative), Ct);
        var next = NextLink(first.Headers.GetValues("Link").Single());
        var cursor = next[(next.IndexOf("cursor=", StringComparison.Ordinal) + 7)..];
        (await client.GetAsync(new Uri(next, UriKind.Relative), Ct)).StatusCode.Should().Be(HttpStatusCode.OK, "the control: the link as given works");

        // When one character is changed, or another user presents it, Then
        var edited = cursor[..5] + (cursor[5] == 'A' ? 'B' : 'A') + cursor[6..];
        await ShouldBe400NamingAsync(client, $"{path}?cursor={edited}", "cursor");
        using var other = host.Client(Guid.NewGuid());
        await ShouldBe400NamingAsync(other, $"{path}?cursor={cursor}", "cursor");
    }

    private static async Task ShouldBe400NamingAsync(HttpClient client, string url, string parameter)
    {
        using var response = await client.GetAsync(new Uri(url, UriKind.Relative), Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest, $"{url}: {body}");
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        JsonDocument.Parse(body).RootElement.GetProperty("errors").TryGetProperty(parameter, out _).Should().BeTrue($"{url}: {body}");
    }

    private static async Task<int> CountAsync(HttpClient client, string url) =>
        JsonDocument.Parse(await client.GetStringAsync(new Uri(url, UriKind.Relative), Ct)).RootElement.GetArrayLength();

    /// <summary>The target of <c>&lt;/path?limit=..&amp;cursor=..&gt;; rel="next"</c>.</summary>
    private static string NextLink(string header)
    {
        header.Should().EndWith("; rel=\"next\"");
        return header[1..header.IndexOf('>', StringComparison.Ordinal)];
    }
}
