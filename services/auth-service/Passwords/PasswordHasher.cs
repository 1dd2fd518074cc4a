using System.Security.Cryptography;
using System.Text;
using Geralt;
using Microsoft.Extensions.Options;

namespace Platform.AuthService.Passwords;

/// <summary>
/// Argon2id password hashes in PHC format, computed by libsodium (native, 2-3x the managed implementation here;
/// docs/performance.md). Passwords arrive NFC-normalised (<see cref="Accounts.CredentialRules"/>), so the same password
/// typed on different keyboards gives the same bytes.
/// </summary>
public sealed class PasswordHasher : IDisposable
{
    private readonly Argon2idParameters _parameters;
    private readonly HashGate _gate;

    public PasswordHasher(IOptions<PasswordHasherOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _parameters = options.Value.Parameters;
        if (!_parameters.IsWithinBounds || _parameters.Parallelism != 1)
        {
            // libsodium hashes with one lane; hashes stored with p > 1 (e.g. by another implementation) still verify.
            throw new ArgumentOutOfRangeException(nameof(options), "Argon2id parameters out of bounds (libsodium hashes with p = 1)");
        }

        _gate = new HashGate(options.Value.MaxConcurrentHashes, options.Value.MaxWaitingHashes);
        // Verified against when the account does not exist, so "unknown email" costs the same as "wrong password".
        // Computed once per process from a random password nobody knows.
        DummyHash = Compute(Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)), _parameters);
    }

    /// <summary>A valid hash of an unknowable password, with the current parameters.</summary>
    public string DummyHash { get; }

    /// <summary>Hashes waiting for a slot right now (tests watch the line fill).</summary>
    internal int Waiting => _gate.Waiting;

    /// <exception cref="HashingBusyException">The waiting line is full: answer 503, do not queue.</exception>
    public Task<string> HashAsync(string password, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(password);
        return _gate.RunAsync(() => Compute(password, _parameters), cancellationToken);
    }

    /// <summary>
    /// True when <paramref name="password"/> matches <paramref name="phc"/>. The cost comes from the stored string; a
    /// string that is not a well-formed Argon2id PHC string never matches (and still costs one default hash).
    /// </summary>
    /// <exception cref="HashingBusyException">The waiting line is full: answer 503, do not queue.</exception>
    public Task<bool> VerifyAsync(string password, string phc, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(password);
        ArgumentNullException.ThrowIfNull(phc);
        // The bounds are checked before libsodium sees the string: a corrupt row must not make one request eat gigabytes.
        var wellFormed = PhcString.TryParse(phc, out _, out _, out _);
        var target = wellFormed ? phc : DummyHash;
        // An empty password is never right; a stand-in keeps the work the same.
        return _gate.RunAsync(() => Matches(password.Length > 0 ? password : "\0", target) && wellFormed && password.Length > 0, cancellationToken);
    }

    /// <summary>True when <paramref name="phc"/> was made with other parameters than today's: rehash it at the next sign-in.</summary>
    public bool NeedsRehash(string phc) => !PhcString.TryParse(phc, out var parameters, out _, out _) || parameters != _parameters;

    public void Dispose() => _gate.Dispose();

    /// <summary>libsodium draws a 16-byte salt and writes the PHC string itself, with a 32-byte hash.</summary>
    private static string Compute(string password, Argon2idParameters parameters)
    {
        var bytes = Encoding.UTF8.GetBytes(password);
        try
        {
            Span<char> encoded = stackalloc char[Argon2id.HashSize];
            encoded.Clear();
            Argon2id.ComputeHash(encoded, bytes, parameters.Iterations, parameters.MemoryKiB * 1024);
            return new string(encoded.TrimEnd('\0'));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    private static bool Matches(string password, string phc)
    {
        var bytes = Encoding.UTF8.GetBytes(password);
        try
        {
            return phc.Length <= Argon2id.HashSize && Argon2id.VerifyHash(phc, bytes);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }
}
