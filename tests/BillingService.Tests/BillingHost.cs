using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Platform.ServiceDefaults.Outbox;
using Platform.Testing;

namespace Platform.BillingService.Tests;

/// <summary>
/// billing-service on its own database (the outbox publisher sends every unsent row of billing.outbox, so sharing a
/// database would leak events into other tests' queues) and its own queue, with a fast outbox; requests sign in with TestJwt tokens.
/// </summary>
internal sealed class BillingHost : IAsyncDisposable
{
    private BillingHost(ServiceFactory<Program> factory, WebApplicationFactory<Program> app, string queueUrl, string connectionString)
    {
        Factory = factory;
        App = app;
        QueueUrl = queueUrl;
        ConnectionString = connectionString;
    }

    public ServiceFactory<Program> Factory { get; }

    public WebApplicationFactory<Program> App { get; }

    public string QueueUrl { get; }

    public string ConnectionString { get; }

    public static async Task<BillingHost> StartAsync(PlatformContainers containers, CancellationToken cancellationToken, string? queueUrl = null)
    {
        var database = await containers.CreateDatabaseAsync(cancellationToken);
        var connectionString = new NpgsqlConnectionStringBuilder(containers.Postgres.GetConnectionString()) { Database = database }.ConnectionString;
        queueUrl ??= await containers.CreateQueueAsync("billing", cancellationToken);
        var factory = new ServiceFactory<Program>(ServiceSettings.For(connectionString, containers.SqsEndpoint, queueUrl));
        var app = factory.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
        {
            services.Configure<OutboxOptions>(options =>
            {
                options.IdleDelay = TimeSpan.FromMilliseconds(100);
                options.InitialBackoff = TimeSpan.FromMilliseconds(200);
                options.MaxBackoff = TimeSpan.FromSeconds(1);
            });
        }));
        // A real Kestrel listener, as in production: TestServer does not apply request body size limits.
        app.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        app.StartServer(); // migrations run before the first request
        return new BillingHost(factory, app, queueUrl, connectionString);
    }

    public HttpClient Client(Guid user) => App.CreateClientFor(user);

    public Task<long> ScalarAsync(string sql) => TestDatabase.ScalarAsync(ConnectionString, sql);

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        await Factory.DisposeAsync();
    }
}
