using AwesomeAssertions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Configuration;

namespace Platform.Testing.Tokens;

/// <summary>
/// A service that validates tokens refuses to start without knowing where auth's keys are and what a token must say:
/// one stderr line naming the variable, exit 1. The settings are validated in-process as RunServiceAsync does before the
/// host starts; ServiceSkeletonTests runs the process once to show that such a failure is that line and exit code 1.
/// </summary>
public abstract class JwtSettingsTests<TProgram>
    where TProgram : class
{
    [Theory]
    [InlineData(EnvironmentVariables.AuthJwksUrl, null, "AUTH_JWKS_URL is required")]
    [InlineData(EnvironmentVariables.AuthJwksUrl, "auth-service/jwks.json", "AUTH_JWKS_URL must be an absolute http(s) URL (got 'auth-service/jwks.json')")]
    [InlineData(EnvironmentVariables.JwtIssuer, "", "JWT_ISSUER is required")]
    [InlineData(EnvironmentVariables.JwtAudience, null, "JWT_AUDIENCE is required")]
    public async Task A_missing_or_bad_token_setting_stops_the_service_with_one_line_naming_it(string variable, string? value, string expected)
    {
        var environment = ServiceSettings.For(
            "Host=127.0.0.1;Port=5432;Database=platform;Username=app;Password=pw-not-to-print", "http://127.0.0.1:4566", "http://127.0.0.1:4566/000000000000/events");
        environment[variable] = value;

        await using var factory = new ServiceFactory<TProgram>(environment);
        var failure = Record.Exception(() => factory.Services.GetService<IStartupValidator>()?.Validate());

        failure.Should().NotBeNull("the start must fail on {0}", variable);
        StartupErrors.Describe(failure!).Should().Be($"configuration error: {expected}", failure!.ToString());
    }
}
