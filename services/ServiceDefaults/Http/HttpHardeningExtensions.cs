using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;

namespace Platform.ServiceDefaults.Http;

/// <summary>What every service answers a hostile or careless client with, before and around its endpoints.</summary>
public static class HttpHardeningExtensions
{
    public static IServiceCollection AddHttpHardening(this IServiceCollection services) =>
        // "Server: Kestrel" tells an attacker which exploits to try, and a client nothing.
        services.Configure<KestrelServerOptions>(kestrel => kestrel.AddServerHeader = false);

    /// <summary>Headers first, so they reach error responses too; the charset check after the exception handler.</summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.UseMiddleware<SecurityHeaders>();

    public static IApplicationBuilder UseCharsetGuard(this IApplicationBuilder app) => app.UseMiddleware<CharsetGuard>();
}
