using Platform.BillingService;
using Platform.BillingService.Invoices;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.OpenApi;
using Platform.ServiceDefaults.Authentication;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults(ServiceInfo.Descriptor);
builder.AddJwtAuthentication();
builder.AddInvoices();
builder.AddPlatformOpenApi();

var app = builder.Build();
app.UseServiceDefaults();
app.MapDefaultEndpoints();
app.MapOpenApi("/billing/openapi/{documentName}.json");
app.MapInvoicesApi();

return await app.RunServiceAsync();

// WebApplicationFactory<Program> in the tests needs a public type in this assembly.
public partial class Program;
