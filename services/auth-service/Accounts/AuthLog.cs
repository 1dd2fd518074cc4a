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
}
