using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;
using Platform.ServiceDefaults.Configuration;

namespace Platform.ServiceDefaults.OpenApi;

public static class OpenApiDefaults
{
    /// <summary>
    /// The OpenAPI document, its <c>servers</c> from <c>PUBLIC_BASE_URL</c>: by default the framework writes the request's
    /// Host header there, so anyone could make a cached or shared document point clients at a host of their choosing.
    /// Unset, the list is empty, which OpenAPI reads as "this document's own origin".
    /// </summary>
    public static WebApplicationBuilder AddPlatformOpenApi(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOpenApi(options => options.AddDocumentTransformer((document, context, _) =>
        {
            var publicBaseUrl = context.ApplicationServices.GetRequiredService<IConfiguration>()[EnvironmentVariables.PublicBaseUrl];
            document.Servers = string.IsNullOrWhiteSpace(publicBaseUrl) ? [] : [new OpenApiServer { Url = publicBaseUrl.TrimEnd('/') }];
            return Task.CompletedTask;
        }));
        return builder;
    }
}
