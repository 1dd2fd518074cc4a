namespace Platform.AuthService.Accounts;

/// <summary>Nullable fields so a missing one is a named validation error rather than a silent default.</summary>
public sealed record RegisterRequest(string? Email, string? Password);

public sealed record LoginRequest(string? Email, string? Password);

/// <summary>The one body every accepted registration gets, new email or not (ASVS 6.3.8: no account enumeration).</summary>
public sealed record RegisterResponse(string Message)
{
    public static readonly RegisterResponse Accepted = new("Registration accepted. Sign in with your email and password.");
}

/// <summary>OAuth 2.0 token response shape (RFC 6749 section 5.1).</summary>
public sealed record LoginResponse(string AccessToken, string TokenType, int ExpiresIn);

/// <summary>The data of user.registered; the notification consumer keys on <see cref="UserId"/>.</summary>
public sealed record UserRegisteredData(Guid UserId, string Email);
