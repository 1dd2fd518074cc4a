using System.Net;
using System.Text;
using System.Text.Json;
using AwesomeAssertions;
using Platform.Testing;

namespace Platform.AuthService.Tests;

/// <summary>One service for the whole table: these requests are all refused before they change anything.</summary>
public sealed class BadInputHost(PlatformContainers containers) : IAsyncLifetime
{
    internal AuthHost Host { get; private set; } = null!;

    internal PlatformContainers Containers => containers;

    public async ValueTask InitializeAsync() => Host = await AuthHost.StartAsync(containers, CancellationToken.None);

    public async ValueTask DisposeAsync() => await Host.DisposeAsync();
}

[Trait("Category", "Integration")]
public sealed class BadInputTests(BadInputHost fixture) : IClassFixture<BadInputHost>
{
    private const string Json = "application/json";
    private static readonly string LongPassword = new('p', 129);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>(case, body, content type, field the validation problem must name or null for a non-validation 4xx).</summary>
    public static TheoryData<string, string, string, string?> BadBodies => new()
    {
        { "malformed JSON", """{"email": "a@example.com",""", Json, null },
        { "empty body", "", Json, null },
        { "null body", "null", Json, null },
        { "not an object", """["a@example.com","password123"]""", Json, null },
        { "email missing", """{"password":"password123"}""", Json, "email" },
        { "password missing", """{"email":"a@example.com"}""", Json, "password" },
        { "both missing", "{}", Json, "email" },
        { "email wrong type", """{"email":42,"password":"password123"}""", Json, null },
        { "password wrong type", """{"email":"a@example.com","password":true}""", Json, null },
        { "email object", """{"email":{"x":1},"password":"password123"}""", Json, null },
        { "email null", """{"email":null,"password":"password123"}""", Json, "email" },
        { "email empty", """{"email":"","password":"password123"}""", Json, "email" },
        { "email blank", """{"email":"   ","password":"password123"}""", Json, "email" },
        { "password empty", """{"email":"a@example.com","password":""}""", Json, "password" },
        { "email without @", """{"email":"a.example.com","password":"password123"}""", Json, "email" },
        { "email with two @", """{"email":"a@b@example.com","password":"password123"}""", Json, "email" },
        { "email with a space", """{"email":"a b@example.com","password":"password123"}""", Json, "email" },
        { "email too long", $$"""{"email":"{{new string('a', 64)}}@{{new string('b', 190)}}.com","password":"password123"}""", Json, "email" },
        { "password too long", $$"""{"email":"a@example.com","password":"{{LongPassword}}"}""", Json, "password" },
        { "password NUL", """{"email":"a@example.com","password":"pass\u0000word123"}""", Json, "password" },
        { "password lone surrogate", """{"email":"a@example.com","password":"abc\ud800defghij"}""", Json, null }, // the JSON reader refuses it
        // TestServer does not enforce request size limits (Kestrel does: Oversized_body_is_413_on_kestrel).
        { "oversized body", $$"""{"email":"a@example.com","password":"{{new string('p', 20_000)}}"}""", Json, null },
        { "wrong content type", "email=a@example.com&password=password123", "application/x-www-form-urlencoded", null },
        { "plain text", "a@example.com password123", "text/plain", null },
    };

    /// <summary>Only registration applies the password policy; at sign-in a short password is just a wrong one (401).</summary>
    public static TheoryData<string, string, string> RegistrationOnly => new()
    {
        { "password too short", """{"email":"a@example.com","password":"short12"}""", "password" },
        { "password is the email", """{"email":"Pat@Example.com","password":"pat@example.com"}""", "password" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task Bad_register_input_is_a_4xx_problem(string caseName, string body, string contentType, string? field) =>
        await ShouldBeProblemAsync("/auth/register", caseName, body, contentType, field);

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task Bad_login_input_is_a_4xx_problem(string caseName, string body, string contentType, string? field) =>
        await ShouldBeProblemAsync("/auth/login", caseName, body, contentType, field);

    [Theory]
    [MemberData(nameof(RegistrationOnly))]
    public async Task Password_policy_violations_are_validation_problems(string caseName, string body, string field) =>
        await ShouldBeProblemAsync("/auth/register", caseName, body, Json, field);

    [Fact]
    public async Task Oversized_body_is_413_on_kestrel_with_or_without_content_length()
    {
        await using var host = await AuthHost.StartAsync(fixture.Containers, Ct, kestrel: true);
        using var client = host.CreateClient();
        var body = $$"""{"email":"a@example.com","password":"{{new string('p', 20_000)}}"}""";
        foreach (var path in new[] { "/auth/register", "/auth/login" })
        {
            using var sized = new StringContent(body, Encoding.UTF8, Json);
            using var chunked = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(body)));
            chunked.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(Json);
            foreach (var content in new HttpContent[] { sized, chunked })
            {
                using var response = await client.PostAsync(new Uri(path, UriKind.Relative), content, Ct);
                response.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge, $"{path} {(content == sized ? "with" : "without")} Content-Length");
                response.Content.Headers.ContentType?.MediaType.Should().Be("application/problem+json");
            }
        }

        // Just under the limit is read, and refused by validation instead.
        using var underLimit = await client.PostAsync(
            new Uri("/auth/register", UriKind.Relative),
            new StringContent($$"""{"email":"a@example.com","password":"{{new string('p', 8000)}}"}""", Encoding.UTF8, Json),
            Ct);
        underLimit.StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Refused_input_creates_no_account_and_counts_no_failure()
    {
        (await fixture.Host.ScalarAsync("SELECT count(*) FROM auth.users")).Should().Be(0);
        (await fixture.Host.ScalarAsync("SELECT count(*) FROM auth.login_failures")).Should().Be(0);
    }

    private async Task ShouldBeProblemAsync(string path, string caseName, string body, string contentType, string? field)
    {
        using var client = fixture.Host.CreateClient();
        using var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        using var response = await client.PostAsync(new Uri(path, UriKind.Relative), content, Ct);

        var status = (int)response.StatusCode;
        var text = await response.Content.ReadAsStringAsync(Ct);
        status.Should().BeInRange(400, 499, $"{caseName}: {text}");
        response.Content.Headers.ContentType?.MediaType.Should().Be("application/problem+json", caseName);
        var problem = JsonDocument.Parse(text).RootElement;
        problem.GetProperty("status").GetInt32().Should().Be(status);
        if (field is not null)
        {
            status.Should().Be(400, caseName);
            problem.GetProperty("errors").TryGetProperty(field, out _).Should().BeTrue($"{caseName}: the problem names '{field}': {text}");
        }
    }
}
