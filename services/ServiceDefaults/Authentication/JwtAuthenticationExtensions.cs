using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Platform.ServiceDefaults.Authentication;

public static class JwtAuthenticationExtensions
{
    /// <summary>
    /// Bearer-token sign-in against auth-service's published keys (AUTH_JWKS_URL, JWT_ISSUER, JWT_AUDIENCE, checked at
    /// start). Protect an endpoint with <c>.RequireAuthorization()</c>; the caller's user id is the <c>sub</c> claim.
    /// </summary>
    public static WebApplicationBuilder AddJwtAuthentication(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<JwtValidationOptions>().Configure<IConfiguration>(JwtValidationOptions.Bind).ValidateOnStart();
        services.AddSingleton<IValidateOptions<JwtValidationOptions>, JwtValidationOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddHttpClient(nameof(JwksKeyCache));
        // One cache per process (a typed HttpClient would make it transient).
        services.AddSingleton(provider => ActivatorUtilities.CreateInstance<JwksKeyCache>(
            provider, provider.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(JwksKeyCache))));
        services.AddAuthentication(JwtBearerHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, JwtBearerHandler>(JwtBearerHandler.SchemeName, _ => { });
        services.AddAuthorization();
        return builder;
    }
}
