using System.Net;
using System.Net.Http.Json;
using Platform.Testing;

namespace Platform.UserService.Tests;

public sealed class UserOwnRoleTests(PlatformContainers containers) : OwnRoleTests<Program>(containers, "user-service")
{
    protected override async Task<HttpStatusCode> OwnRequestAsync(HttpClient client, Guid user)
    {
        using var response = await client.PutAsJsonAsync("/users/me", new { displayName = "Ada" }, Ct);
        return response.StatusCode;
    }
}
