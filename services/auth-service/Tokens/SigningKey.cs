using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Platform.AuthService.Tokens;

/// <summary>The current signing key (validated at start by <see cref="JwtOptionsValidator"/>) and the public keys to publish.</summary>
internal sealed class SigningKey : IDisposable
{
    private readonly RSA _rsa;

    public SigningKey(IOptions<JwtOptions> options)
    {
        var settings = options.Value;
        _rsa = JwtOptions.TryLoadKey(settings.PrivateKeyPem, out var error)
            ?? throw new InvalidOperationException(error); // unreachable after ValidateOnStart; the message holds no key material
        KeyId = settings.KeyId!;
        Credentials = new SigningCredentials(new RsaSecurityKey(_rsa) { KeyId = KeyId }, SecurityAlgorithms.RsaSha256)
        {
            // The default factory caches signers process-wide by key id: another host with the same kid (tests, a
            // restarted WebApplication) would get a signer whose RSA object this class has disposed.
            CryptoProviderFactory = new CryptoProviderFactory { CacheSignatureProviders = false },
        };
        var publicKey = _rsa.ExportParameters(includePrivateParameters: false);
        var current = new PublicJwk("RSA", "sig", SecurityAlgorithms.RsaSha256, KeyId, Base64UrlEncoder.Encode(publicKey.Modulus), Base64UrlEncoder.Encode(publicKey.Exponent));
        // The current key first: validators that try keys in order find it at once.
        PublicKeys = [current, .. PreviousKeys.Parse(settings.PreviousPublicKeys, KeyId, out _)];
    }

    public string KeyId { get; }

    public SigningCredentials Credentials { get; }

    /// <summary>What the JWKS endpoint publishes: the current key, then any previous ones still valid for old tokens.</summary>
    public IReadOnlyList<PublicJwk> PublicKeys { get; }

    public void Dispose() => _rsa.Dispose();
}
