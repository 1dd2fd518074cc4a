using Npgsql;
using Platform.ServiceDefaults.Authentication;
using Platform.ServiceDefaults.Paging;

namespace Platform.NotificationService.Notifications;

public sealed record NotificationDto(Guid Id, string EventId, string Kind, DateTimeOffset CreatedAt);

public static class NotificationsApi
{
    public static IEndpointRouteBuilder MapNotificationsApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/notify/notifications", ListAsync).WithTags("Notifications").RequireAuthorization();
        return routes;
    }

    /// <summary>A page of the user's notifications, newest first (<see cref="PageRequest"/>: ?limit= and ?cursor=, Link to the next).</summary>
    internal static async Task<IResult> ListAsync(HttpContext context, NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        if (context.User.UserId() is not { } userId)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Sign in required", detail: "Send a valid bearer token.");
        }

        if (PageRequest.Parse(context.Request.Query, userId, out var errors) is not { } page)
        {
            return TypedResults.ValidationProblem(errors);
        }

        await using var command = dataSource.CreateCommand(
            "SELECT id, event_id, kind, created_at FROM notify.notifications WHERE user_id = $1 " +
            "AND ($2::timestamptz IS NULL OR (created_at, id) < ($2, $3)) ORDER BY created_at DESC, id DESC LIMIT $4");
        command.Parameters.Add(new NpgsqlParameter { Value = userId });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset?> { TypedValue = page.After?.CreatedAt });
        command.Parameters.Add(new NpgsqlParameter<Guid?> { TypedValue = page.After?.Id });
        command.Parameters.Add(new NpgsqlParameter { Value = page.Limit + 1 });
        var notifications = new List<NotificationDto>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            notifications.Add(new NotificationDto(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetFieldValue<DateTimeOffset>(3)));
        }

        return TypedResults.Ok(page.Serve(context, userId, notifications, n => new PageCursor(n.CreatedAt, n.Id)));
    }
}
