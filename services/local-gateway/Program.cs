using Platform.LocalGateway;

if (args is ["probe", var url])
{
    return await Probe.RunAsync(url);
}

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddOptions<GatewayOptions>().BindConfiguration(GatewayOptions.Section)
    .Validate(o => o.Routes.Count > 0 && o.Routes.TrueForAll(r => r.Destination is { IsAbsoluteUri: true } && r.PathPatterns.Count > 0), "Gateway:Routes needs entries with an absolute Destination and PathPatterns")
    .ValidateOnStart();
builder.Services.AddHttpForwarder();
builder.Services.AddSingleton<RouteTable>();
builder.Services.AddSingleton<GatewayHandler>();
builder.Services.AddSingleton(_ => GatewayHttpClient.Create());

var app = builder.Build();
app.Run(app.Services.GetRequiredService<GatewayHandler>().InvokeAsync);
await app.RunAsync();
return 0;
