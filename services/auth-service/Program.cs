using Platform.AuthService;
using Platform.AuthService.Accounts;
using Platform.AuthService.Tokens;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Database.Roles;
using Platform.ServiceDefaults.OpenApi;

// The role step before every deploy runs as a one-off task of this image (docs/design/database-roles.md).
if (DatabaseRolesCommand.IsRequested(args))
{
    return await DatabaseRolesCommand.RunAsync(new ConfigurationBuilder().AddEnvironmentVariables().Build(), Console.Out, Console.Error);
}

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
