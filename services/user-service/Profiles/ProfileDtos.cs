namespace Platform.UserService.Profiles;

/// <summary>Nullable so a missing or null displayName is a named validation error rather than a binding failure.</summary>
public sealed record UpdateProfileRequest(string? DisplayName);

/// <summary>
/// The signed-in user's profile. Email comes from the token (auth owns it); the rest from users.profiles, all null
/// until the user first saves a profile.
/// </summary>
public sealed record ProfileDto(Guid UserId, string? Email, string? DisplayName, DateTimeOffset? CreatedAt, DateTimeOffset? UpdatedAt);
