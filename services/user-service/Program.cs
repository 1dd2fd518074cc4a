using Platform.UserService;
using Platform.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults(ServiceInfo.Descriptor);

var app = builder.Build();
app.UseServiceDefaults();
app.MapDefaultEndpoints();

return await app.RunServiceAsync();

// WebApplicationFactory<Program> in the tests needs a public type in this assembly.
public partial class Program;
