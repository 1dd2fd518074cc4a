using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Platform.AuthService.Accounts;

/// <summary>The problem documents for "not now": each carries Retry-After in seconds.</summary>
internal static class Refusals
{
    /// <summary>The hashing line is full: come back in a second rather than wait behind everyone (503, not queued).</summary>
    public static ProblemHttpResult Busy(HttpContext context) =>
        RetryLater(context, 1, StatusCodes.Status503ServiceUnavailable, "Too many sign-ins and registrations at once", "Try again in a moment.");

    public static ProblemHttpResult RetryLater(HttpContext context, int retryAfterSeconds, int status, string title, string detail)
    {
        context.Response.Headers.RetryAfter = retryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        return TypedResults.Problem(statusCode: status, title: title, detail: detail);
    }
}
