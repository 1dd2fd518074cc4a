using System.Text;
using System.Text.Json;
using AwesomeAssertions;

namespace Platform.Testing;

public static class UnsupportedCharset
{
    /// <summary>The charsets the attack used: unknown to .NET, and two it knows but JSON does not allow (RFC 8259: UTF-8 only).</summary>
    public static readonly string[] Charsets = ["foo", "utf-7", "ibm037"];

    /// <summary>A valid JSON body labelled with each odd charset is a 415 problem document, never a 500.</summary>
    public static async Task ShouldBe415Async(HttpClient client, HttpMethod method, string path, string json, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        foreach (var charset in Charsets)
        {
            using var request = new HttpRequestMessage(method, path) { Content = new ByteArrayContent(Encoding.UTF8.GetBytes(json)) };
            request.Content.Headers.TryAddWithoutValidation("Content-Type", $"application/json; charset={charset}");
            request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
            using var response = await client.SendAsync(request, cancellationToken);

            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            ((int)response.StatusCode).Should().Be(415, $"{method} {path} with charset={charset}: {body}");
            response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
            JsonDocument.Parse(body).RootElement.GetProperty("status").GetInt32().Should().Be(415);
        }
    }
}
