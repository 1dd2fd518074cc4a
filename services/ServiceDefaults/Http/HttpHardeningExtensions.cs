using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;

namespace Platform.ServiceDefaults.Http;

/// <summary>What every service answers a hostile or careless client with, before and around its endpoints.</summary>
public static class HttpHardeningExtensions
{
    public static IServiceCollection AddHttpHardening(this IServiceCollection services)
    {
        // "Server: Kestrel" tells an attacker which exploits to try, and a client nothing.
        services.Configure<KestrelServerOptions>(kestrel => kestrel.AddServerHeader = false);
        // A startup filter runs outside the authentication the framework adds first, so 401s get the headers too.
        services.AddTransient<IStartupFilter, SecurityHeadersFirst>();
        return services;
    }

    /// <summary>After the exception handler, so a refused charset is a problem document like any other error.</summary>
    public static IApplicationBuilder UseCharsetGuard(this IApplicationBuilder app) => app.UseMiddleware<CharsetGuard>();

    private sealed class SecurityHeadersFirst : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.UseMiddleware<SecurityHeaders>();
            next(app);
        };
    }
}
