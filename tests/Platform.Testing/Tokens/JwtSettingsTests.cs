using AwesomeAssertions;
using Platform.ServiceDefaults.Configuration;

namespace Platform.Testing.Tokens;

/// <summary>
/// A service that validates tokens refuses to start without knowing where auth's keys are and what a token must say:
/// one stderr line naming the variable, exit 1 (the process is run for real, as ECS would).
/// </summary>
[Trait("Category", "Integration")]
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

        var result = await ServiceProcess.RunAsync(typeof(TProgram).Assembly.Location, environment, TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        result.ExitCode.Should().Be(1, result.StandardError);
        result.StandardError.Trim().Should().Be($"configuration error: {expected}");
    }
}
