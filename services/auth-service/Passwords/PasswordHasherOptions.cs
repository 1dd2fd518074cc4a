namespace Platform.AuthService.Passwords;

public sealed class PasswordHasherOptions
{
    public Argon2idParameters Parameters { get; set; } = Argon2idParameters.Default;

    /// <summary>
    /// Hashes allowed at once. Each holds <see cref="Argon2idParameters.MemoryKiB"/> (19 MiB) and one core for its whole
    /// run, so more than one per core only adds memory and latency.
    /// </summary>
    public int MaxConcurrentHashes { get; set; } = Math.Max(1, Environment.ProcessorCount);

    /// <summary>
    /// Hashes allowed to wait for a slot; one more is refused at once (503). 16 per slot is about 0.3 s of waiting at
    /// libsodium's ~20 ms a hash: a burst is absorbed, a flood is refused (docs/design/auth-throttling.md).
    /// </summary>
    public int MaxWaitingHashes { get; set; } = 16 * Math.Max(1, Environment.ProcessorCount);
}
