namespace Platform.AuthService.Tokens;

public static class JwksApi
{
    public static IEndpointRouteBuilder MapJwksApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/auth/.well-known/jwks.json", GetKeys).WithTags("Keys");
        return routes;
    }

    /// <summary>
    /// Validators cache this for 5 minutes and refetch on an unknown kid, so a new key must be published (here) before
    /// tokens signed with it appear (see the rotation steps in docs/operations.md).
    /// </summary>
    internal static IResult GetKeys(HttpContext context, SigningKey key)
    {
        context.Response.Headers.CacheControl = "public, max-age=300";
        return TypedResults.Ok(new JsonWebKeySetDto(key.PublicKeys));
    }
}
