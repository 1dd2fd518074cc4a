using System.Collections.Concurrent;

namespace Platform.Testing;

/// <summary>
/// A class fixture: hosts shared by the cases of a test class's bad-input theories, one per key (e.g. the environment).
/// A refused request changes nothing, and each case uses its own user, so the cases need no host of their own; each host
/// start is about 0.75 CPU-seconds of a suite that is CPU-bound (docs/design/test-speed.md).
/// </summary>
public sealed class SharedHosts<THost> : IAsyncDisposable
    where THost : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<Task<THost>>> _hosts = new();

    /// <summary>The host for <paramref name="key"/>, started by <paramref name="start"/> the first time it is asked for.</summary>
    public Task<THost> GetAsync(string key, Func<Task<THost>> start) =>
        _hosts.GetOrAdd(key, _ => new Lazy<Task<THost>>(start)).Value;

    public async ValueTask DisposeAsync()
    {
        foreach (var host in _hosts.Values.Where(h => h.IsValueCreated && h.Value.IsCompletedSuccessfully))
        {
            await (await host.Value).DisposeAsync();
        }
    }
}
