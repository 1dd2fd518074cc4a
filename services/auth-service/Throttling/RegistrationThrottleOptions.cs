namespace Platform.AuthService.Throttling;

/// <summary>Registrations per client address (docs/design/auth-throttling.md); tests lower the limit.</summary>
public sealed class RegistrationThrottleOptions
{
    /// <summary>Generous for an office behind one address, far below what slows the service (each costs one hash).</summary>
    public int AddressLimit { get; set; } = 20;

    public TimeSpan AddressWindow { get; set; } = TimeSpan.FromMinutes(15);
}
