using System.Security.Claims;

namespace Platform.ServiceDefaults.Authentication;

public static class SignedInUser
{
    /// <summary>
    /// The caller's user id: the token's <c>sub</c> (auth's user id, a GUID). Null when nobody is signed in or the subject
    /// is not a GUID — both a 401 for the caller. <see cref="JwtBearerHandler"/> keeps claim names as issued.
    /// </summary>
    public static Guid? UserId(this ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.Identity?.IsAuthenticated == true && Guid.TryParse(user.FindFirstValue("sub"), out var id) ? id : null;
    }
}
