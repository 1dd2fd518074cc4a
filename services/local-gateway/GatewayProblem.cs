namespace Platform.LocalGateway;

/// <summary>
/// The gateway's own refusals, as problem documents like the services' (the ALB's are HTML pages; clients here only
/// need the status to be the ALB's and the body to be readable).
/// </summary>
internal static class GatewayProblem
{
    public static Task WriteAsync(HttpContext context, int status, string title, string detail)
    {
        // No "Connection: close": Kestrel then drains an unread body, so a client still sending it reads this answer
        // instead of a reset.
        return Results.Problem(statusCode: status, title: title, detail: detail).ExecuteAsync(context);
    }
}
