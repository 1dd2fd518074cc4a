using DotNet.Testcontainers.Builders;
using DotNet.Testcontainers.Containers;

namespace Platform.Testing;

/// <summary>
/// An OCI registry of the tests' own (<see cref="TestImages.Registry"/>), one per test assembly
/// (<c>[assembly: AssemblyFixture(typeof(TestRegistry))]</c>). It starts on the first <see cref="GetAddressAsync"/>, so a
/// run filtered to tests without Docker never starts it. Docker pushes to it over plain HTTP: 127.0.0.0/8 is trusted.
/// </summary>
public sealed class TestRegistry : IAsyncLifetime
{
    public const int RegistryPort = 5000;

    private readonly SemaphoreSlim _start = new(1, 1);
    private IContainer? _container;

    /// <summary><c>127.0.0.1:&lt;port&gt;</c>, the registry's host part of an image reference; starts the registry if needed.</summary>
    public async Task<string> GetAddressAsync(CancellationToken cancellationToken)
    {
        await _start.WaitAsync(cancellationToken);
        try
        {
            _container ??= await Containers.StartAsync(Build, cancellationToken);
            return $"127.0.0.1:{_container.GetMappedPublicPort(RegistryPort)}";
        }
        finally
        {
            _start.Release();
        }
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_container is not null)
        {
            await _container.DisposeAsync();
        }

        _start.Dispose();
    }

    private static IContainer Build() => new ContainerBuilder(TestImages.Registry)
        .WithPortBinding(RegistryPort, assignRandomHostPort: true)
        .WithCreateParameterModifier(parameters =>
        {
            // Published on loopback only: nothing outside this machine may push to it.
            foreach (var binding in parameters.HostConfig?.PortBindings?.Values.SelectMany(bindings => bindings) ?? [])
            {
                binding.HostIP = "127.0.0.1";
            }
        })
        .WithWaitStrategy(Wait.ForUnixContainer().UntilHttpRequestIsSucceeded(request => request.ForPath("/v2/").ForPort(RegistryPort)))
        .Build();
}
