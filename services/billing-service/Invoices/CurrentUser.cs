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

        // JwtBearer maps "sub" to NameIdentifier unless MapInboundClaims is off: accept both.
        var subject = user.FindFirstValue("sub") ?? user.FindFirstValue(ClaimTypes.NameIdentifier);
        return Guid.TryParse(subject, out var id) ? id : null;
    }
}
