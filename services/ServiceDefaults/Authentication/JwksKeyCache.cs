using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Platform.ServiceDefaults.Authentication;

/// <summary>
/// auth's public keys, fetched from AUTH_JWKS_URL and cached. A token naming a key id we have not seen triggers one
/// refresh (at most one per <see cref="JwtValidationOptions.MinimumRefreshInterval"/>), so a rotated key works on its
/// first request. If auth cannot be reached, the keys we have stay in use.
/// </summary>
public sealed partial class JwksKeyCache(
    HttpClient http, IOptions<JwtValidationOptions> options, TimeProvider clock, ILogger<JwksKeyCache> logger) : IDisposable
{
    private readonly SemaphoreSlim _fetch = new(1, 1);
    private IReadOnlyList<SecurityKey> _keys = [];
    private DateTimeOffset _fetchedAt = DateTimeOffset.MinValue;
    private DateTimeOffset _attemptedAt = DateTimeOffset.MinValue;

    /// <summary>The signing keys to validate a token with <paramref name="keyId"/> against.</summary>
    /// A token without a kid is checked against all the keys we have, without a refresh.
    public async Task<IReadOnlyList<SecurityKey>> GetKeysAsync(string? keyId, CancellationToken cancellationToken)
    {
        if (IsFresh() && (string.IsNullOrEmpty(keyId) || Contains(_keys, keyId)))
        {
            return _keys;
        }

        await _fetch.WaitAsync(cancellationToken);
        try
        {
            // Another request may have refreshed while we waited.
            var now = clock.GetUtcNow();
            var known = string.IsNullOrEmpty(keyId) || Contains(_keys, keyId);
            if ((IsFresh() && known) || now - _attemptedAt < options.Value.MinimumRefreshInterval)
            {
                return _keys;
            }

            _attemptedAt = now;
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(TimeSpan.FromSeconds(5));
                var json = await http.GetStringAsync(new Uri(options.Value.JwksUrl!), timeout.Token);
                _keys = [.. new JsonWebKeySet(json).GetSigningKeys()];
                _fetchedAt = now;
                LogFetched(logger, _keys.Count);
            }
            catch (Exception exception) when (exception is HttpRequestException or OperationCanceledException or ArgumentException)
            {
                // ArgumentException: the document is not a JWKS. Either way keep what we had.
                LogFetchFailed(logger, options.Value.JwksUrl!, exception.Message);
            }

            return _keys;
        }
        finally
        {
            _fetch.Release();
        }
    }

    public void Dispose() => _fetch.Dispose();

    private bool IsFresh() => clock.GetUtcNow() - _fetchedAt < options.Value.KeysLifetime;

    private static bool Contains(IReadOnlyList<SecurityKey> keys, string keyId) => keys.Any(key => key.KeyId == keyId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Fetched {Count} token signing keys")]
    private static partial void LogFetched(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not fetch token signing keys from {Url}: {Reason}")]
    private static partial void LogFetchFailed(ILogger logger, string url, string reason);
}
