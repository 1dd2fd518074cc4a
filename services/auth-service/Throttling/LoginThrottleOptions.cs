namespace Platform.AuthService.Throttling;

/// <summary>Failed sign-in limits (ASVS 5.0 6.3.1); tests shorten the windows.</summary>
public sealed class LoginThrottleOptions
{
    /// <summary>Per account (normalised email, existing or not): slows guessing one password.</summary>
    public int AccountLimit { get; set; } = 5;

    public TimeSpan AccountWindow { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Per client address: slows spraying one password over many accounts; higher, as offices share an address.</summary>
    public int AddressLimit { get; set; } = 20;

    public TimeSpan AddressWindow { get; set; } = TimeSpan.FromMinutes(15);
}
