using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;
using Platform.Build.Local.Platform;

namespace Platform.Build.Local.Tests;

internal static class GatewayHost
{
    /// <summary>The gateway on Kestrel (127.0.0.1), its route table (appsettings.json) pointed at <paramref name="backends"/>.</summary>
    public static WebApplicationFactory<Program> Start(FakeBackends backends)
    {
        var gateway = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.ConfigureLogging(logging => logging.ClearProviders());
            // appsettings.json lists the routes in the same order as PlatformServices.All (GatewayRouteTableTests).
            for (var i = 0; i < PlatformServices.All.Count; i++)
            {
                builder.UseSetting($"Gateway:Routes:{i}:Destination", backends.Urls[PlatformServices.All[i].Name].ToString());
            }
        });
        gateway.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        gateway.StartServer();
        return gateway;
    }
}
