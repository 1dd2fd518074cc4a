using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AwesomeAssertions;
using Platform.Testing;

namespace Platform.UserService.Tests;

[Trait("Category", "Integration")]
public sealed class ProfileBadInputTests(PlatformContainers containers, SharedHosts<UserHost> refusals) : IClassFixture<SharedHosts<UserHost>>
{
    private const string Json = "application/json";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>(case, body, content type or null for none, expected status, whether the problem names displayName).</summary>
    public static TheoryData<string, string, string?, int, bool> BadPuts => new()
    {
        { "malformed JSON", "{\"displayName\": \"Ada\"", Json, 400, false },
        { "empty body", "", Json, 400, false },
        { "null body", "null", Json, 400, false },
        { "array", "[]", Json, 400, false },
        { "empty object", "{}", Json, 400, true },
        { "displayName null", "{\"displayName\":null}", Json, 400, true },
        { "displayName number", "{\"displayName\":42}", Json, 400, false },
        { "displayName object", "{\"displayName\":{\"first\":\"Ada\"}}", Json, 400, false },
        { "displayName empty", "{\"displayName\":\"\"}", Json, 400, true },
        { "displayName blank", "{\"displayName\":\"   \"}", Json, 400, true },
        { "displayName 101 chars", "{\"displayName\":\"" + new string('x', 101) + "\"}", Json, 400, true },
        { "displayName 101 chars once trimmed around", "{\"displayName\":\" " + new string('x', 101) + " \"}", Json, 400, true },
        { "displayName bell character", "{\"displayName\":\"Ada\\u0007\"}", Json, 400, true },
        { "displayName NUL character", "{\"displayName\":\"A\\u0000da\"}", Json, 400, true },
        { "displayName inner newline", "{\"displayName\":\"Ada\\nLovelace\"}", Json, 400, true },
        { "displayName right-to-left override", "{\"displayName\":\"Ada\\u202Eecalevol\"}", Json, 400, true },
        // The JSON reader refuses it before validation runs: PostgreSQL could not store it as UTF-8.
        { "displayName lone surrogate", "{\"displayName\":\"Ada\\ud800\"}", Json, 400, false },
        // Valid JSON with a valid name, padded past the limit: only the 4 KiB limit can reject it.
        { "body over 4 KiB", "{\"displayName\":\"Ada\",\"padding\":\"" + new string('x', 4 * 1024) + "\"}", Json, 413, false },
        { "text/plain content type", "{\"displayName\":\"Ada\"}", "text/plain", 415, false },
        { "no content type", "{\"displayName\":\"Ada\"}", null, 415, false },
    };

    /// <summary>Every bad PUT under both environments: Development throws on bad requests, Production (ECS) does not.</summary>
    public static TheoryData<string, string, string, string?, int, bool> BadPutsPerEnvironment
    {
        get
        {
            var data = new TheoryData<string, string, string, string?, int, bool>();
            foreach (var environment in new[] { "Development", "Production" })
            {
                foreach (var row in BadPuts)
                {
                    var (caseName, body, contentType, status, namesDisplayName) = row.Data;
                    data.Add(environment, caseName, body, contentType, status, namesDisplayName);
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(BadPutsPerEnvironment))]
    public async Task BadPutIsA4xxProblemAndLeavesTheProfileUnchanged(
        string environment, string caseName, string body, string? contentType, int status, bool namesDisplayName)
    {
        // Given a saved profile (one host per environment for every case: each case has its own user and checks its row)
        var host = await refusals.GetAsync(environment, () => UserHost.StartAsync(containers, Ct, environment));
        var user = Guid.NewGuid();
        using var client = host.Client(user);
        (await client.PutAsJsonAsync("/users/me", new { displayName = "Original" }, Ct)).StatusCode.Should().Be(HttpStatusCode.OK);
        var before = await client.GetStringAsync("/users/me", Ct);

        // When
        using var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = contentType is null ? null : new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        using var response = await client.PutAsync("/users/me", content, Ct);

        // Then
        var problem = await response.Content.ReadAsStringAsync(Ct);
        ((int)response.StatusCode).Should().Be(status, $"{caseName}: {problem}");
        response.Content.Headers.ContentType?.MediaType.Should().Be("application/problem+json", caseName);
        if (namesDisplayName)
        {
            JsonDocument.Parse(problem).RootElement.GetProperty("errors").TryGetProperty("displayName", out _).Should().BeTrue(caseName);
        }

        (await client.GetStringAsync("/users/me", Ct)).Should().Be(before, caseName);
        (await host.ProfileRowsAsync(user)).Should().Be(1, caseName);
    }

    [Theory]
    [InlineData("plain, padded with spaces", "  ", 100, "", "  ")]
    [InlineData("ending in an emoji (101 UTF-16 code units)", "", 99, "\U0001F600", "")]
    public async Task AHundredCharacterNameIsAccepted(string caseName, string before, int xs, string after, string trailing)
    {
        await using var host = await UserHost.StartAsync(containers, Ct);
        using var client = host.Client(Guid.NewGuid());
        var name = new string('x', xs) + after;

        using var response = await client.PutAsJsonAsync("/users/me", new { displayName = before + name + trailing }, Ct);

        response.StatusCode.Should().Be(HttpStatusCode.OK, $"{caseName}: {await response.Content.ReadAsStringAsync(Ct)}");
        (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("displayName").GetString().Should().Be(name, caseName);
    }
}
