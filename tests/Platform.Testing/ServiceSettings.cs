using Npgsql;
using Platform.ServiceDefaults.Configuration;
using Platform.Testing.Tokens;

namespace Platform.Testing;

/// <summary>The environment a service gets in a test: the same variable names the ECS task definition injects.</summary>
public static class ServiceSettings
{
    /// <summary>
    /// The longest DB_DEADLINE_SECONDS (60 s: 20 s to connect, wait for the pool or run a statement), for tests about
    /// what concurrent requests do to the data rather than about deadlines. With the default 3 s, a burst that opens a
    /// dozen connections at once on a loaded 2-core machine was answered 503 (seen 2026-12-01 in CI, four test projects
    /// at once); OverloadTests and the stall tests cover the 503 path itself.
    /// </summary>
    public static void PatientDatabase(Dictionary<string, string?> settings) => settings[EnvironmentVariables.DbDeadlineSeconds] = "60";

    public static Dictionary<string, string?> For(PlatformContainers containers, string queueUrl) =>
        For(containers.Postgres.GetConnectionString(), containers.SqsEndpoint, queueUrl);

    public static Dictionary<string, string?> For(string postgresConnectionString, string sqsEndpoint, string queueUrl)
    {
        var postgres = new NpgsqlConnectionStringBuilder(postgresConnectionString);
        return new Dictionary<string, string?>
        {
            [EnvironmentVariables.DbHost] = postgres.Host,
            [EnvironmentVariables.DbPort] = postgres.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [EnvironmentVariables.DbName] = postgres.Database,
            [EnvironmentVariables.DbUser] = postgres.Username,
            [EnvironmentVariables.DbPassword] = postgres.Password,
            [EnvironmentVariables.SqsQueueUrl] = queueUrl,
            [EnvironmentVariables.AwsRegion] = PlatformContainers.Region,
            [EnvironmentVariables.AwsEndpointUrlSqs] = sqsEndpoint,
            // Tests watch dependencies come and go; a long cache would only slow them down.
            [EnvironmentVariables.HealthCacheSeconds] = "0",
            // auth signs with the test key; the others validate against the same key, published by JwksServer.Shared.
            [EnvironmentVariables.JwtPrivateKey] = TestJwt.PrivateKeyPem,
            [EnvironmentVariables.JwtKeyId] = TestJwt.KeyId,
            [EnvironmentVariables.JwtIssuer] = TestJwt.Issuer,
            [EnvironmentVariables.JwtAudience] = TestJwt.Audience,
            [EnvironmentVariables.AuthJwksUrl] = JwksServer.Shared.Url,
        };
    }
}
