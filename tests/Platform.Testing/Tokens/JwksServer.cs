using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Platform.Testing.Tokens;

/// <summary>
/// A real HTTP server on 127.0.0.1 publishing RSA public keys as a JWKS at auth's path: the services under test fetch it
/// over the wire exactly as they fetch auth's in a deployment. <see cref="Shared"/> publishes <see cref="TestJwt"/>'s key
/// for the whole test process; key-rotation and caching tests start their own.
/// </summary>
public sealed class JwksServer : IAsyncDisposable
{
    private static readonly Lazy<JwksServer> SharedServer = new(
        () => StartAsync().GetAwaiter().GetResult(), LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly ConcurrentDictionary<string, RSAParameters> _keys = new() { [TestJwt.KeyId] = TestJwt.PublicKey };
    private WebApplication? _app;
    private int _requests;

    private JwksServer()
    {
    }

    /// <summary>Publishes <see cref="TestJwt"/>'s key; what <see cref="ServiceSettings"/> gives services as AUTH_JWKS_URL.</summary>
    public static JwksServer Shared => SharedServer.Value;

    /// <summary>The JWKS address to give a service as AUTH_JWKS_URL.</summary>
    public string Url { get; private set; } = "";

    /// <summary>How many times the JWKS has been fetched.</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>Starts a server publishing <see cref="TestJwt"/>'s key.</summary>
    public static async Task<JwksServer> StartAsync()
    {
        var server = new JwksServer();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapGet("/auth/.well-known/jwks.json", () =>
        {
            Interlocked.Increment(ref server._requests);
            return Results.Text(server.Document().ToJsonString(), "application/json");
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        server._app = app;
        server.Url = address.TrimEnd('/') + "/auth/.well-known/jwks.json";
        return server;
    }

    /// <summary>Publishes another key, as auth does during a key rotation.</summary>
    public void Publish(string keyId, RSA key)
    {
        ArgumentNullException.ThrowIfNull(key);
        _keys[keyId] = key.ExportParameters(includePrivateParameters: false);
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    private JsonObject Document() => new()
    {
        ["keys"] = new JsonArray(_keys.Select(pair => (JsonNode)new JsonObject
        {
            ["kty"] = "RSA",
            ["use"] = "sig",
            ["alg"] = "RS256",
            ["kid"] = pair.Key,
            ["n"] = System.Buffers.Text.Base64Url.EncodeToString(pair.Value.Modulus),
            ["e"] = System.Buffers.Text.Base64Url.EncodeToString(pair.Value.Exponent),
        }).ToArray()),
    };
}
