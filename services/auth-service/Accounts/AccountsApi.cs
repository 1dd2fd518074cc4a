using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Platform.AuthService.Passwords;
using Platform.AuthService.Throttling;
using Platform.AuthService.Tokens;
using Platform.ServiceDefaults.Telemetry;

namespace Platform.AuthService.Accounts;

public static class AccountsApi
{
    /// <summary>Both bodies are an email and a password: 8 KiB is generous and bounds what reaches the JSON reader.</summary>
    public const int MaxBodyBytes = 8 * 1024;

    public static IEndpointRouteBuilder MapAccountsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/auth").WithTags("Accounts");
        group.MapPost("/register", RegisterAsync)
            .WithMetadata(new RequestSizeLimitAttribute(MaxBodyBytes))
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        group.MapPost("/login", LoginAsync)
            .WithMetadata(new RequestSizeLimitAttribute(MaxBodyBytes))
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return routes;
    }

    /// <summary>
    /// A new email and a taken one get the same 202 and body after the same work (one Argon2id hash, one INSERT), so the
    /// response says nothing about which emails have accounts (ASVS 6.3.8). Each registration costs a hash, so they are
    /// throttled per client address, and refused at once when the hashing line is full.
    /// </summary>
    internal static async Task<Results<Accepted<RegisterResponse>, ValidationProblem, ProblemHttpResult>> RegisterAsync(
        HttpContext context,
        [FromBody] RegisterRequest request,
        AccountStore accounts,
        PasswordHasher hasher,
        RegistrationThrottle throttle,
        PlatformMetrics metrics,
        ILogger<AccountStore> logger,
        CancellationToken cancellationToken)
    {
        var errors = AccountValidation.ValidateRegistration(request, out var email, out var password);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var address = ClientAddress.Of(context);
        if (await throttle.BeginAsync(address, cancellationToken) is { } retryAfter)
        {
            AuthLog.RegistrationThrottled(logger, address, retryAfter);
            metrics.Throttled("registration");
            return Refusals.RetryLater(
                context, retryAfter, StatusCodes.Status429TooManyRequests, "Too many registrations", "Wait for the time in the Retry-After header (seconds), then try again.");
        }

        string hash;
        try
        {
            hash = await hasher.HashAsync(password, cancellationToken);
        }
        catch (HashingBusyException)
        {
            AuthLog.HashingBusy(logger, address);
            return Refusals.Busy(context);
        }

        if (await accounts.TryCreateAsync(email, hash, cancellationToken) is { } userId)
        {
            AuthLog.Registered(logger, userId);
        }

        return TypedResults.Accepted((string?)null, RegisterResponse.Accepted);
    }

    /// <summary>
    /// Throttle first (a refused client learns nothing about the password), then the same work for an unknown email and a
    /// wrong password (a verify against a dummy hash) and the same answer.
    /// </summary>
    internal static async Task<Results<Ok<LoginResponse>, ValidationProblem, ProblemHttpResult>> LoginAsync(
        HttpContext context,
        [FromBody] LoginRequest request,
        AccountStore accounts,
        PasswordHasher hasher,
        LoginThrottle throttle,
        TokenIssuer tokens,
        PlatformMetrics metrics,
        ILogger<AccountStore> logger,
        CancellationToken cancellationToken)
    {
        var errors = AccountValidation.ValidateLogin(request, out var email, out var password);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var address = ClientAddress.Of(context);
        var decision = await throttle.BeginAsync(email, address, cancellationToken);
        if (decision is ThrottleDecision.Refused refused)
        {
            AuthLog.Throttled(logger, address, refused.RetryAfterSeconds);
            metrics.Throttled("login");
            return Refusals.RetryLater(
                context, refused.RetryAfterSeconds, StatusCodes.Status429TooManyRequests, "Too many failed sign-in attempts", "Wait for the time in the Retry-After header (seconds), then try again.");
        }

        var account = await accounts.FindAsync(email, cancellationToken);
        bool valid;
        try
        {
            valid = await hasher.VerifyAsync(password, account?.PasswordHash ?? hasher.DummyHash, cancellationToken);
        }
        catch (HashingBusyException)
        {
            await throttle.AbandonedAsync((ThrottleDecision.Allowed)decision, cancellationToken);
            AuthLog.HashingBusy(logger, address);
            return Refusals.Busy(context);
        }

        if (account is null || !valid)
        {
            await throttle.FailedAsync(cancellationToken);
            AuthLog.SignInFailed(logger, address, account?.Id);
            metrics.LoginFailed();
            return TypedResults.Problem(
                statusCode: StatusCodes.Status401Unauthorized,
                title: "Sign-in failed",
                detail: "The email or password is incorrect.");
        }

        await throttle.SucceededAsync((ThrottleDecision.Allowed)decision, email, cancellationToken);
        AuthLog.SignedIn(logger, account.Id, address);
        if (hasher.NeedsRehash(account.PasswordHash))
        {
            try
            {
                // The cost was raised since this hash was made: the password is at hand only now, so upgrade it now.
                await accounts.ReplaceHashAsync(account.Id, account.PasswordHash, await hasher.HashAsync(password, cancellationToken), cancellationToken);
            }
            catch (HashingBusyException)
            {
                // The sign-in itself succeeded; the upgrade waits for a quieter sign-in.
            }
        }

        // RFC 6749 5.1: token responses must not be cached.
        context.Response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(new LoginResponse(tokens.Issue(account.Id, account.Email), "Bearer", (int)JwtOptions.Lifetime.TotalSeconds));
    }
}
