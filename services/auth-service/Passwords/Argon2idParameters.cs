namespace Platform.AuthService.Passwords;

/// <summary>
/// Argon2id cost. The defaults are OWASP's first recommended set (m = 19 MiB, t = 2, p = 1), the ASVS 5.0 floor.
/// Stored with every hash (PHC string), so raising them later leaves existing hashes verifiable.
/// </summary>
public sealed record Argon2idParameters(int MemoryKiB, int Iterations, int Parallelism)
{
    public static readonly Argon2idParameters Default = new(19456, 2, 1);

    /// <summary>Upper bounds accepted when reading a stored hash: a corrupt row must not make one request eat gigabytes.</summary>
    internal const int MaxMemoryKiB = 1024 * 1024;
    internal const int MaxIterations = 16;
    internal const int MaxParallelism = 16;

    internal bool IsWithinBounds =>
        MemoryKiB is >= 8 and <= MaxMemoryKiB && Iterations is >= 1 and <= MaxIterations && Parallelism is >= 1 and <= MaxParallelism
        && MemoryKiB >= 8 * Parallelism;
}
