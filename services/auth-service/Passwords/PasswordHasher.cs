using System.Security.Cryptography;
using System.Text;
using Konscious.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace Platform.AuthService.Passwords;

/// <summary>
/// Argon2id password hashes in PHC format. Passwords arrive NFC-normalised (<see cref="Accounts.TextRules"/>), so the
/// same password typed on different keyboards gives the same bytes.
/// </summary>
public sealed class PasswordHasher : IDisposable
{
    private const int SaltBytes = 16;
    private const int HashBytes = 32;

    private readonly Argon2idParameters _parameters;
    private readonly SemaphoreSlim _slots;

    public PasswordHasher(IOptions<PasswordHasherOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _parameters = options.Value.Parameters;
        if (!_parameters.IsWithinBounds)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "Argon2id parameters out of bounds");
        }

        _slots = new SemaphoreSlim(Math.Max(1, options.Value.MaxConcurrentHashes));
        // Verified against when the account does not exist, so "unknown email" costs the same as "wrong password".
        // Computed once per process from a random password nobody knows.
        DummyHash = Compute(Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)), RandomNumberGenerator.GetBytes(SaltBytes), _parameters);
    }

    /// <summary>A valid hash of an unknowable password, with the current parameters.</summary>
    public string DummyHash { get; }

    public async Task<string> HashAsync(string password, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(password);
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        await _slots.WaitAsync(cancellationToken);
        try
        {
            return Compute(password, salt, _parameters);
        }
        finally
        {
            _slots.Release();
        }
    }

    /// <summary>
    /// True when <paramref name="password"/> matches <paramref name="phc"/>. The cost comes from the stored string; a
    /// string that is not a well-formed Argon2id PHC string never matches (and still costs one default hash).
    /// </summary>
    public async Task<bool> VerifyAsync(string password, string phc, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(password);
        ArgumentNullException.ThrowIfNull(phc);
        var wellFormed = PhcString.TryParse(phc, out var parameters, out var salt, out var expected);
        if (!wellFormed)
        {
            (parameters, salt, expected) = (_parameters, new byte[SaltBytes], new byte[HashBytes]);
        }

        await _slots.WaitAsync(cancellationToken);
        try
        {
            // Argon2 here refuses an empty password; hash a stand-in so the work is the same, and never match.
            var actual = Derive(password.Length > 0 ? password : "\0", salt, parameters, expected.Length);
            return CryptographicOperations.FixedTimeEquals(actual, expected) && wellFormed && password.Length > 0;
        }
        finally
        {
            _slots.Release();
        }
    }

    /// <summary>True when <paramref name="phc"/> was made with other parameters than today's: rehash it at the next sign-in.</summary>
    public bool NeedsRehash(string phc) => !PhcString.TryParse(phc, out var parameters, out _, out _) || parameters != _parameters;

    public void Dispose() => _slots.Dispose();

    private static string Compute(string password, byte[] salt, Argon2idParameters parameters) =>
        PhcString.Format(parameters, salt, Derive(password, salt, parameters, HashBytes));

    private static byte[] Derive(string password, byte[] salt, Argon2idParameters parameters, int length)
    {
        var bytes = Encoding.UTF8.GetBytes(password);
        try
        {
            using var argon2 = new Argon2id(bytes)
            {
                Salt = salt,
                MemorySize = parameters.MemoryKiB,
                Iterations = parameters.Iterations,
                DegreeOfParallelism = parameters.Parallelism,
            };
            return argon2.GetBytes(length);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }
}
