namespace Platform.Testing.Tokens;

/// <summary>An endpoint that needs a signed-in user, and a request that would pass every other check but the token.</summary>
/// <param name="Body">JSON to send, or null for none.</param>
public sealed record ProtectedEndpoint(string Method, string Path, string? Body = null)
{
    public override string ToString() => $"{Method} {Path}";

    public HttpRequestMessage Request(string? token)
    {
        var request = new HttpRequestMessage(new HttpMethod(Method), Path);
        if (Body is not null)
        {
            request.Content = new StringContent(Body, System.Text.Encoding.UTF8, "application/json");
        }

        // Billing's create needs one; harmless elsewhere. A fresh key per request: no replay can mask a rejection.
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        if (token is not null)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }

        return request;
    }
}
