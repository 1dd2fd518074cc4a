using Platform.AuthService;
using Platform.AuthService.Accounts;
using Platform.AuthService.Tokens;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.OpenApi;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults(ServiceInfo.Descriptor);
builder.AddTokens();
builder.AddAccounts();
builder.AddPlatformOpenApi();

var app = builder.Build();
app.UseServiceDefaults();
app.MapDefaultEndpoints();
app.MapOpenApi("/auth/openapi/{documentName}.json");
app.MapAccountsApi();
app.MapJwksApi();

return await app.RunServiceAsync();

// WebApplicationFactory<Program> in the tests needs a public type in this assembly.
public partial class Program;
