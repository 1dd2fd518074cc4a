using System.Security.Claims;

namespace Platform.BillingService.Invoices;

internal static class CurrentUser
{
    /// <summary>The token's subject as a user id; null when unauthenticated or the subject is not a GUID.</summary>
    public static Guid? Id(ClaimsPrincipal user)
    {
        if (user.Identity?.IsAuthenticated != true)
        {
            return null;
        }

        // Platform.ServiceDefaults' bearer handler keeps claim names as issued: the user id is "sub".
        var subject = user.FindFirstValue("sub");
        return Guid.TryParse(subject, out var id) ? id : null;
    }
}
