using Microsoft.AspNetCore.Mvc.Testing;
using Platform.Testing.Tokens;

namespace Platform.Testing;

public static class SignedInClient
{
    /// <summary>A client whose requests carry a valid bearer token for <paramref name="user"/> (see <see cref="TestJwt"/>).</summary>
    public static HttpClient CreateClientFor<TProgram>(this WebApplicationFactory<TProgram> app, Guid user)
        where TProgram : class
    {
        ArgumentNullException.ThrowIfNull(app);
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", TestJwt.Issue(user));
        return client;
    }
}
