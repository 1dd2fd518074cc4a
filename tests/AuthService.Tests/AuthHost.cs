using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Platform.AuthService.Throttling;
using Platform.ServiceDefaults.Outbox;
using Platform.Testing;

namespace Platform.AuthService.Tests;

/// <summary>
/// auth-service on its own database (the outbox publisher sends every unsent row, and the throttle counts every
/// failure, so sharing a database would leak between tests) and its own queue, signing with the test key.
/// </summary>
internal sealed class AuthHost : IAsyncDisposable
{
    private AuthHost(ServiceFactory<Program> factory, WebApplicationFactory<Program> app, string queueUrl, string connectionString)
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

    /// <summary>The service's environment; the JWT_* values are the shared test key's (TestJwt, also published by JwksServer).</summary>
    public static Dictionary<string, string?> Settings(string connectionString, string sqsEndpoint, string queueUrl) =>
        ServiceSettings.For(connectionString, sqsEndpoint, queueUrl);

    public static async Task<AuthHost> StartAsync(
        PlatformContainers containers, CancellationToken cancellationToken, Action<LoginThrottleOptions>? throttle = null, bool kestrel = false,
        Action<Dictionary<string, string?>>? settings = null)
    {
        var database = await containers.CreateDatabaseAsync(cancellationToken);
        var connectionString = new NpgsqlConnectionStringBuilder(containers.Postgres.GetConnectionString()) { Database = database }.ConnectionString;
        var queueUrl = await containers.CreateQueueAsync("auth", cancellationToken);
        var environment = Settings(connectionString, containers.SqsEndpoint, queueUrl);
        settings?.Invoke(environment);
        var factory = new ServiceFactory<Program>(environment);
        var app = factory.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
        {
            services.Configure<OutboxOptions>(options =>
            {
                options.IdleDelay = TimeSpan.FromMilliseconds(100);
                options.InitialBackoff = TimeSpan.FromMilliseconds(200);
                options.MaxBackoff = TimeSpan.FromSeconds(1);
            });
            if (throttle is not null)
            {
                services.Configure(throttle);
            }
        }));
        if (kestrel)
        {
            // A real socket and Kestrel's limits (TestServer does not enforce request size limits).
            app.UseKestrel(0);
            app.StartServer();
        }
        else
        {
            _ = app.Server; // start: migrations run before the first request
        }

        return new AuthHost(factory, app, queueUrl, connectionString);
    }

    public HttpClient CreateClient() => App.CreateClient();

    public Task<long> ScalarAsync(string sql) => TestDatabase.ScalarAsync(ConnectionString, sql);

    public static HttpRequestMessage Post(string path, object body, string? forwardedFor = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        if (forwardedFor is not null)
        {
            request.Headers.Add("X-Forwarded-For", forwardedFor);
        }

        return request;
    }

    public async Task<HttpResponseMessage> RegisterAsync(HttpClient client, string email, string password, CancellationToken cancellationToken)
    {
        using var request = Post("/auth/register", new { email, password });
        return await client.SendAsync(request, cancellationToken);
    }

    public async Task<HttpResponseMessage> LoginAsync(HttpClient client, string email, string password, CancellationToken cancellationToken, string? forwardedFor = null)
    {
        using var request = Post("/auth/login", new { email, password }, forwardedFor);
        return await client.SendAsync(request, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        await Factory.DisposeAsync();
    }
}
