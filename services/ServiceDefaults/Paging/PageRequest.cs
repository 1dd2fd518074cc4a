using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Platform.ServiceDefaults.Paging;

/// <summary>
/// <c>?limit=</c> (1–200, default 50) and <c>?cursor=</c> of a list endpoint. The body stays a JSON array; the next page
/// is announced in a <c>Link: &lt;…&gt;; rel="next"</c> header (RFC 8288), absent on the last page.
/// </summary>
public sealed record PageRequest(int Limit, PageCursor? After)
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;

    /// <summary>The page asked for, or the validation errors naming <c>limit</c> or <c>cursor</c>.</summary>
    public static PageRequest? Parse(IQueryCollection query, Guid userId, out Dictionary<string, string[]> errors)
    {
        ArgumentNullException.ThrowIfNull(query);
        errors = [];
        var limit = DefaultLimit;
        if (query.TryGetValue("limit", out var limits)
            && (limits.Count != 1 || !int.TryParse(limits[0], NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxLimit))
        {
            errors["limit"] = [$"limit must be one whole number from 1 to {MaxLimit}"];
        }

        PageCursor? after = null;
        if (query.TryGetValue("cursor", out var cursors)
            && (cursors.Count != 1 || cursors[0] is not { } text || (after = PageCursor.TryDecode(text, userId)) is null))
        {
            errors["cursor"] = ["cursor must be the value of a previous page's next link, unchanged"];
        }

        return errors.Count == 0 ? new PageRequest(limit, after) : null;
    }

    /// <summary>
    /// Serves at most <see cref="Limit"/> of <paramref name="rows"/> (read with <c>LIMIT Limit + 1</c>) and, when there
    /// were more, sets the Link header to the next page.
    /// </summary>
    public IReadOnlyList<T> Serve<T>(HttpContext context, Guid userId, IReadOnlyList<T> rows, Func<T, PageCursor> position)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(position);
        if (rows.Count <= Limit)
        {
            return rows;
        }

        var page = rows.Take(Limit).ToList();
        var next = position(page[^1]).Encode(userId);
        context.Response.Headers.Link = string.Create(CultureInfo.InvariantCulture, $"<{context.Request.Path}?limit={Limit}&cursor={next}>; rel=\"next\"");
        return page;
    }
}
