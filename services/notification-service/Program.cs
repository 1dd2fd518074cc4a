using Platform.NotificationService;
using Platform.NotificationService.Notifications;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.OpenApi;
using Platform.ServiceDefaults.Authentication;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults(ServiceInfo.Descriptor);
builder.AddJwtAuthentication();
builder.AddNotifications();
builder.AddPlatformOpenApi();

var app = builder.Build();
app.UseServiceDefaults();
app.MapDefaultEndpoints();
app.MapOpenApi("/notify/openapi/{documentName}.json");
app.MapNotificationsApi();

return await app.RunServiceAsync();

// WebApplicationFactory<Program> in the tests needs a public type in this assembly.
public partial class Program;
