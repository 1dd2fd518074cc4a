using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Platform.AuthService.Passwords;
using Platform.AuthService.Throttling;
using Platform.AuthService.Tokens;
using Platform.ServiceDefaults.Outbox;

namespace Platform.AuthService.Accounts;

public static class AccountsExtensions
{
    /// <summary>Registration and sign-in: accounts, password hashing, failed-login throttling, the outbox for user.registered.</summary>
    public static WebApplicationBuilder AddAccounts(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddOutbox();
        builder.Services.AddOptions<PasswordHasherOptions>();
        builder.Services.AddOptions<LoginThrottleOptions>();
        builder.Services.AddOptions<RegistrationThrottleOptions>();
        builder.Services.AddSingleton<PasswordHasher>();
        builder.Services.AddSingleton<AccountStore>();
        builder.Services.AddSingleton<LoginThrottle>();
        builder.Services.AddSingleton<RegistrationThrottle>();
        return builder;
    }

    /// <summary>The JWT_* settings (validated at start: a bad key stops the task with one line) and the token issuer.</summary>
    public static WebApplicationBuilder AddTokens(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<JwtOptions>().Configure<IConfiguration>(JwtOptions.Bind).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<JwtOptions>, JwtOptionsValidator>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<SigningKey>();
        builder.Services.AddSingleton<TokenIssuer>();
        return builder;
    }
}
