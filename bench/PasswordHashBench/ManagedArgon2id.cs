using System.Security.Cryptography;
using System.Text;
using Konscious.Security.Cryptography;
using Platform.AuthService.Passwords;

namespace Platform.PasswordHashBench;

/// <summary>The managed Argon2id (Konscious) auth-service used before libsodium: the baseline, same parameters and output size.</summary>
internal static class ManagedArgon2id
{
    public static byte[] Hash(string password, Argon2idParameters parameters)
    {
        using var argon2 = new Argon2id(Encoding.UTF8.GetBytes(password))
        {
            Salt = RandomNumberGenerator.GetBytes(16),
            MemorySize = parameters.MemoryKiB,
            Iterations = parameters.Iterations,
            DegreeOfParallelism = parameters.Parallelism,
        };
        return argon2.GetBytes(32);
    }
}
