using System.Net;
using System.Net.Http.Json;
using Platform.Testing;

namespace Platform.AuthService.Tests;

public sealed class AuthOwnRoleTests(PlatformContainers containers) : OwnRoleTests<Program>(containers, "auth-service")
{
    /// <summary>Registration answers 202 whether or not it stored anything: the sign-in is what proves auth.users was written and read.</summary>
    protected override async Task<HttpStatusCode> OwnRequestAsync(HttpClient client, Guid user)
    {
        var account = new { email = $"{user:N}@example.com", password = "correct horse battery staple" };
        using var registered = await client.PostAsJsonAsync("/auth/register", account, Ct);
        using var signedIn = await client.PostAsJsonAsync("/auth/login", account, Ct);
        return signedIn.StatusCode;
    }
}
