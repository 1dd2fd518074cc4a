namespace Platform.AuthService.Passwords;

public sealed class PasswordHasherOptions
{
    public Argon2idParameters Parameters { get; set; } = Argon2idParameters.Default;

    /// <summary>
    /// Hashes allowed at once. Each holds <see cref="Argon2idParameters.MemoryKiB"/> (19 MiB) and one core for its whole
    /// run, so more than one per core only adds memory and latency; a burst of sign-ins queues instead of exhausting the task.
    /// </summary>
    public int MaxConcurrentHashes { get; set; } = Math.Max(1, Environment.ProcessorCount);
}
