using Npgsql;
using Platform.ServiceDefaults.Authentication;

namespace Platform.NotificationService.Notifications;

public sealed record NotificationDto(Guid Id, string EventId, string Kind, DateTimeOffset CreatedAt);

public static class NotificationsApi
{
    public static IEndpointRouteBuilder MapNotificationsApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/notify/notifications", ListAsync).WithTags("Notifications").RequireAuthorization();
        return routes;
    }

    internal static async Task<IResult> ListAsync(HttpContext context, NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        if (context.User.UserId() is not { } userId)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Sign in required", detail: "Send a valid bearer token.");
        }

        await using var command = dataSource.CreateCommand(
            "SELECT id, event_id, kind, created_at FROM notify.notifications WHERE user_id = $1 ORDER BY created_at DESC, id DESC LIMIT 500");
        command.Parameters.Add(new NpgsqlParameter { Value = userId });
        var notifications = new List<NotificationDto>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            notifications.Add(new NotificationDto(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetFieldValue<DateTimeOffset>(3)));
        }

        return TypedResults.Ok(notifications);
    }
}
