using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Platform.ServiceDefaults.Outbox;

namespace Platform.Testing;

/// <summary>How to start an <see cref="IsolatedServiceHost{TProgram}"/>.</summary>
public sealed class IsolatedServiceOptions
{
    /// <summary>A queue the test made itself (e.g. one with a DLQ); default: a fresh one.</summary>
    public string? QueueUrl { get; init; }

    /// <summary>Changes to the environment the service gets (e.g. a bad JWT_PRIVATE_KEY).</summary>
    public Action<Dictionary<string, string?>>? Settings { get; init; }

    /// <summary>Test-time service registrations (e.g. shorter throttle windows).</summary>
    public Action<IServiceCollection>? Services { get; init; }

    /// <summary>A real Kestrel listener on 127.0.0.1, as in production: TestServer does not apply request body size limits.</summary>
    public bool Kestrel { get; init; } = true;
}

public static class IsolatedService
{
    /// <summary>
    /// The service in-process on its own database (an outbox publisher sends every unsent row of its schema, and auth's
    /// throttle counts every failure, so a shared database would leak between tests) and its own queue, with a fast outbox.
    /// </summary>
    public static async Task<IsolatedServiceHost<TProgram>> StartAsync<TProgram>(
        PlatformContainers containers, string queuePrefix, CancellationToken cancellationToken, IsolatedServiceOptions? options = null)
        where TProgram : class
    {
        ArgumentNullException.ThrowIfNull(containers);
        options ??= new IsolatedServiceOptions();
        var database = await containers.CreateDatabaseAsync(cancellationToken);
        var connectionString = new NpgsqlConnectionStringBuilder(containers.Postgres.GetConnectionString()) { Database = database }.ConnectionString;
        var queueUrl = options.QueueUrl ?? await containers.CreateQueueAsync(queuePrefix, cancellationToken);
        var settings = ServiceSettings.For(connectionString, containers.SqsEndpoint, queueUrl);
        options.Settings?.Invoke(settings);
        var factory = new ServiceFactory<TProgram>(settings);
        var app = factory.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
        {
            services.Configure<OutboxOptions>(outbox =>
            {
                outbox.InitialBackoff = TimeSpan.FromMilliseconds(200);
                outbox.MaxBackoff = TimeSpan.FromSeconds(1);
            });
            options.Services?.Invoke(services);
        }));
        if (options.Kestrel)
        {
            app.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
            app.StartServer(); // migrations run before the first request
        }
        else
        {
            _ = app.Server;
        }

        return new IsolatedServiceHost<TProgram>(factory, app, queueUrl, connectionString);
    }
}

/// <summary>A started service, its queue and its database (see <see cref="IsolatedService.StartAsync{TProgram}"/>).</summary>
public class IsolatedServiceHost<TProgram>(
    ServiceFactory<TProgram> factory, WebApplicationFactory<TProgram> app, string queueUrl, string connectionString) : IAsyncDisposable
    where TProgram : class
{
    public ServiceFactory<TProgram> Factory { get; } = factory;

    public WebApplicationFactory<TProgram> App { get; } = app;

    public string QueueUrl { get; } = queueUrl;

    public string ConnectionString { get; } = connectionString;

    /// <summary>A client signed in as <paramref name="user"/> with a valid bearer token.</summary>
    public HttpClient Client(Guid user) => App.CreateClientFor(user);

    public HttpClient CreateClient() => App.CreateClient();

    public Task<long> ScalarAsync(string sql) => TestDatabase.ScalarAsync(ConnectionString, sql);

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        await Factory.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
