namespace Platform.AuthService.Accounts;

/// <summary>
/// Security events (ASVS 16.3): who may be attacking from where. Never the password; the email only as the account id
/// once it exists, so a typo'd address or a guessed one is not written to the logs.
/// </summary>
internal static partial class AuthLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Account {UserId} registered")]
    public static partial void Registered(ILogger logger, Guid userId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Account {UserId} signed in from {ClientAddress}")]
    public static partial void SignedIn(ILogger logger, Guid userId, string clientAddress);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sign-in failed from {ClientAddress} (account {UserId})")]
    public static partial void SignInFailed(ILogger logger, string clientAddress, Guid? userId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sign-in refused from {ClientAddress}: too many failures, retry after {RetryAfterSeconds} s")]
    public static partial void Throttled(ILogger logger, string clientAddress, int retryAfterSeconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Registration refused from {ClientAddress}: too many, retry after {RetryAfterSeconds} s")]
    public static partial void RegistrationThrottled(ILogger logger, string clientAddress, int retryAfterSeconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Request from {ClientAddress} refused with 503: the password hashing line is full")]
    public static partial void HashingBusy(ILogger logger, string clientAddress);
}
