using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Platform.ServiceDefaults.Http;

/// <summary>
/// A body in any charset but UTF-8 is a 415 problem before any endpoint reads it: JSON is UTF-8 (RFC 8259 section 8.1),
/// and the framework's reader would otherwise throw on a charset it does not know (a 500).
/// </summary>
internal sealed class CharsetGuard(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        var contentType = context.Request.ContentType;
        if (contentType is null
            || !MediaTypeHeaderValue.TryParse(contentType, out var mediaType)
            || mediaType.Charset.Value is not { } charset
            || IsUtf8(charset))
        {
            return next(context);
        }

        return Results.Problem(
                statusCode: StatusCodes.Status415UnsupportedMediaType,
                title: "Unsupported charset",
                detail: "Send the body as UTF-8: Content-Type: application/json or application/json; charset=utf-8.")
            .ExecuteAsync(context);
    }

    private static bool IsUtf8(string charset) =>
        charset.Trim('"').Trim() is var name
        && (name.Equals("utf-8", StringComparison.OrdinalIgnoreCase) || name.Equals("utf8", StringComparison.OrdinalIgnoreCase));
}
