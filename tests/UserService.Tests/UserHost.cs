using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Npgsql;
using Platform.Testing;

namespace Platform.UserService.Tests;

/// <summary>
/// user-service in-process on the shared PostgreSQL (it has no outbox, and every test uses fresh user ids, so tests
/// cannot see each other's rows) with its own queue; requests sign in with TestJwt tokens. It runs on a real Kestrel
/// listener on 127.0.0.1, as in production: TestServer ignores request size limits, so the 4 KiB body limit would go untested.
/// </summary>
public sealed class UserHost : IAsyncDisposable
{
    private readonly ServiceFactory<Program> _factory;

    private UserHost(ServiceFactory<Program> factory, WebApplicationFactory<Program> app, string connectionString)
    {
        _factory = factory;
        App = app;
        ConnectionString = connectionString;
    }

    public WebApplicationFactory<Program> App { get; }

    public string ConnectionString { get; }

    /// <param name="environment">
    /// WebApplicationFactory defaults to Development, where minimal APIs throw on bad requests; ECS runs Production,
    /// where they set the status without throwing. Bad-input tests check both paths end in a problem document.
    /// </param>
    /// <param name="settings">Changes to the service's environment (e.g. <see cref="ServiceSettings.PatientDatabase"/>).</param>
    public static async Task<UserHost> StartAsync(
        PlatformContainers containers, CancellationToken cancellationToken, string environment = "Development", Action<Dictionary<string, string?>>? settings = null)
    {
        var queueUrl = await containers.CreateQueueAsync("users", cancellationToken);
        var environmentVariables = ServiceSettings.For(containers, queueUrl);
        settings?.Invoke(environmentVariables);
        var factory = new ServiceFactory<Program>(environmentVariables);
        var app = factory.WithWebHostBuilder(builder => builder.UseEnvironment(environment));
        app.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        app.StartServer(); // migrations run before the first request
        return new UserHost(factory, app, containers.Postgres.GetConnectionString());
    }

    public HttpClient Client(Guid user) => App.CreateClientFor(user);

    /// <summary>A client whose token is <paramref name="token"/> (e.g. one carrying an email claim).</summary>
    public HttpClient ClientWithToken(string token)
    {
        var client = App.CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public async Task<long> ProfileRowsAsync(Guid user)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM users.profiles WHERE user_id = $1", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = user });
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        await _factory.DisposeAsync();
    }
}
