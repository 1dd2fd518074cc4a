using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Platform.Build.Local.Tests;

/// <summary>One Kestrel app per service on 127.0.0.1, echoing what reached it (service, path, query, forwarded headers).</summary>
public sealed class FakeBackends : IAsyncDisposable
{
    private readonly List<WebApplication> _apps = [];

    public Dictionary<string, Uri> Urls { get; } = [];

    public static async Task<FakeBackends> StartAsync(IEnumerable<string> services, Func<string, HttpContext, Task>? handler = null)
    {
        var backends = new FakeBackends();
        foreach (var service in services)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
            var app = builder.Build();
            app.Run(context => handler is null ? Echo(service, context) : handler(service, context));
            await app.StartAsync();
            backends._apps.Add(app);
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
            backends.Urls[service] = new Uri(address);
        }

        return backends;
    }

    public static Task Echo(string service, HttpContext context) => context.Response.WriteAsJsonAsync(new Dictionary<string, string?>
    {
        ["service"] = service,
        ["path"] = context.Request.Path.Value,
        ["query"] = context.Request.QueryString.Value,
        ["host"] = context.Request.Host.Value,
        ["x-forwarded-for"] = context.Request.Headers["X-Forwarded-For"].ToString(),
        ["x-forwarded-proto"] = context.Request.Headers["X-Forwarded-Proto"].ToString(),
        ["x-forwarded-port"] = context.Request.Headers["X-Forwarded-Port"].ToString(),
    });

    public async ValueTask DisposeAsync()
    {
        foreach (var app in _apps)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
