using Platform.ServiceDefaults;
using Platform.ServiceDefaults.OpenApi;
using Platform.ServiceDefaults.Authentication;
using Platform.UserService;
using Platform.UserService.Profiles;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults(ServiceInfo.Descriptor);
builder.AddJwtAuthentication();
builder.AddPlatformOpenApi();

var app = builder.Build();
app.UseServiceDefaults();
app.MapDefaultEndpoints();
app.MapOpenApi("/users/openapi/{documentName}.json");
app.MapProfilesApi();

return await app.RunServiceAsync();

// WebApplicationFactory<Program> in the tests needs a public type in this assembly.
public partial class Program;
