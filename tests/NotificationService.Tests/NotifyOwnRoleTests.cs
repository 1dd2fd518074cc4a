using System.Net;
using Platform.Testing;

namespace Platform.NotificationService.Tests;

public sealed class NotifyOwnRoleTests(PlatformContainers containers) : OwnRoleTests<Program>(containers, "notification-service")
{
    protected override async Task<HttpStatusCode> OwnRequestAsync(HttpClient client, Guid user)
    {
        using var response = await client.GetAsync("/notify/notifications", Ct);
        return response.StatusCode;
    }
}
