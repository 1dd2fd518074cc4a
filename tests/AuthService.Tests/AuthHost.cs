using System.Net;
using System.Net.Http.Json;
using AwesomeAssertions;
using Microsoft.Extensions.DependencyInjection;
using Platform.AuthService.Passwords;
using Platform.AuthService.Throttling;
using Platform.Testing;

namespace Platform.AuthService.Tests;

/// <summary>
/// auth-service on its own database (the outbox publisher sends every unsent row, and the throttle counts every
/// failure, so sharing a database would leak between tests) and its own queue, signing with the test key.
/// </summary>
internal sealed class AuthHost(IsolatedServiceHost<Program> service)
    : IsolatedServiceHost<Program>(service.Factory, service.App, service.QueueUrl, service.ConnectionString)
{
    /// <summary>The service's environment; the JWT_* values are the shared test key's (TestJwt, also published by JwksServer).</summary>
    public static Dictionary<string, string?> Settings(string connectionString, string sqsEndpoint, string queueUrl) =>
        ServiceSettings.For(connectionString, sqsEndpoint, queueUrl);

    /// <summary>
    /// The password cost a test host hashes with unless the test asks for another: the least Argon2id libsodium takes
    /// (1 MiB, one pass). At the production cost (<see cref="Argon2idParameters.Default"/>) a hash is ~30 ms of CPU and
    /// 19 MiB of fresh pages, and the registrations, sign-ins and each host's dummy hash were about a third of this
    /// project's CPU. Tests about the cost itself (the stored parameters, a rehash, the hashing line) set it.
    /// </summary>
    public static readonly Argon2idParameters TestPasswordCost = new(1024, 1, 1);

    public static async Task<AuthHost> StartAsync(
        PlatformContainers containers, CancellationToken cancellationToken, Action<LoginThrottleOptions>? throttle = null, bool kestrel = false,
        Action<Dictionary<string, string?>>? settings = null, Action<IServiceCollection>? services = null, Argon2idParameters? passwordCost = null) =>
        new(await IsolatedService.StartAsync<Program>(containers, "auth", cancellationToken, new IsolatedServiceOptions
        {
            Settings = settings,
            Services = registrations =>
            {
                registrations.Configure<PasswordHasherOptions>(o => o.Parameters = passwordCost ?? TestPasswordCost);
                if (throttle is not null)
                {
                    registrations.Configure(throttle);
                }

                services?.Invoke(registrations);
            },
            Kestrel = kestrel,
        }));

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

    /// <summary>
    /// An account a test needs as given: registers as a client would, following Retry-After on a 503 (on a loaded machine
    /// the request pool's 1 s connect bound can be missed), and fails the test here unless the registration was accepted.
    /// Without this a lost registration showed up later as a 401 for the right password.
    /// </summary>
    public async Task RegisterAccountAsync(HttpClient client, string email, string password, CancellationToken cancellationToken)
    {
        var answers = await TimedResponse.SendHonoringRetryAfterAsync(client, () => Post("/auth/register", new { email, password }), maxAttempts: 4, cancellationToken);
        answers[^1].StatusCode.Should().Be(HttpStatusCode.Accepted, $"the account {email} is the test's starting point: {string.Join("; ", answers)}");
    }

    public async Task<HttpResponseMessage> LoginAsync(HttpClient client, string email, string password, CancellationToken cancellationToken, string? forwardedFor = null)
    {
        using var request = Post("/auth/login", new { email, password }, forwardedFor);
        return await client.SendAsync(request, cancellationToken);
    }
}
