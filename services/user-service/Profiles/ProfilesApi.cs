using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using System.Security.Claims;
using Npgsql;
using Platform.ServiceDefaults.Authentication;

namespace Platform.UserService.Profiles;

public static class ProfilesApi
{
    /// <summary>A display name is at most 100 characters: 4 KiB leaves room for escapes and whitespace, no more.</summary>
    public const int MaxBodyBytes = 4 * 1024;

    public static IEndpointRouteBuilder MapProfilesApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/users/me").WithTags("Profile").RequireAuthorization();
        group.MapGet("/", GetAsync);
        group.MapPut("/", PutAsync).WithMetadata(new RequestSizeLimitAttribute(MaxBodyBytes));
        return routes;
    }

    internal static async Task<Results<Ok<ProfileDto>, ProblemHttpResult>> GetAsync(
        HttpContext context, NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        if (context.User.UserId() is not { } userId)
        {
            return Unauthorized();
        }

        return TypedResults.Ok(await ProfileStore.GetAsync(dataSource, userId, context.User.FindFirstValue("email"), cancellationToken));
    }

    internal static async Task<Results<Ok<ProfileDto>, ValidationProblem, ProblemHttpResult>> PutAsync(
        HttpContext context, [FromBody] UpdateProfileRequest request, NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        if (context.User.UserId() is not { } userId)
        {
            return Unauthorized();
        }

        var (errors, displayName) = UpdateProfileValidation.Validate(request);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        return TypedResults.Ok(await ProfileStore.UpsertAsync(dataSource, userId, context.User.FindFirstValue("email"), displayName, cancellationToken));
    }

    // A validly signed token whose subject is not a user id: auth never issues one, so the caller is not signed in as anyone.
    private static ProblemHttpResult Unauthorized() =>
        TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Sign in required", detail: "The token's subject is not a user id.");
}
