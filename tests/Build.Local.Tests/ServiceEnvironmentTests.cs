using AwesomeAssertions;
using Platform.Build.Local.Platform;

namespace Platform.Build.Local.Tests;

/// <summary>The containers get exactly the variables of the runtime contract (what the ECS task definitions inject).</summary>
public class ServiceEnvironmentTests
{
    private static readonly LocalPlatformOptions Options = new() { Tag = "dev" };

    private static readonly string[] Common =
        ["DB_HOST", "DB_PORT", "DB_NAME", "DB_USER", "DB_PASSWORD_FILE", "SQS_QUEUE_URL", "AWS_REGION", "AWS_ENDPOINT_URL_SQS", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "JWT_ISSUER", "JWT_AUDIENCE",
         "OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_PROTOCOL", "OTEL_METRIC_EXPORT_INTERVAL"];

    [Fact]
    public void AuthGetsItsSigningKeyAsASecret()
    {
        var (env, secret) = ServiceEnvironment.For(PlatformServices.All[0], Options, "PEM");

        env.Keys.Should().BeEquivalentTo([.. Common, "JWT_KEY_ID"]);
        secret.Should().BeEquivalentTo(new Dictionary<string, string> { ["JWT_PRIVATE_KEY"] = "PEM" });
        env["DB_USER"].Should().Be("auth_service", "each service signs in as its own role, its password read from the mounted file");
        env["DB_PASSWORD_FILE"].Should().Be("/run/secrets/database/password");
        env["SQS_QUEUE_URL"].Should().Be("http://sqs:4566/000000000000/local-platform-events");
        env["AWS_ENDPOINT_URL_SQS"].Should().Be("http://sqs:4566");
        env["JWT_ISSUER"].Should().Be("https://local.platform/auth");
        env["JWT_AUDIENCE"].Should().Be("local-platform-api");
    }

    [Fact]
    public void EveryServiceSendsOtlpToTheTraceViewerInTheNetwork()
    {
        foreach (var service in PlatformServices.All)
        {
            var (env, _) = ServiceEnvironment.For(service, Options, "PEM");

            env["OTEL_EXPORTER_OTLP_ENDPOINT"].Should().Be("http://dashboard:18890", service.Name);
            env["OTEL_EXPORTER_OTLP_PROTOCOL"].Should().Be("http/protobuf", service.Name);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void OtherServicesFetchAuthsKeysByItsAlias(int index)
    {
        var (env, secret) = ServiceEnvironment.For(PlatformServices.All[index], Options, "PEM");

        env.Keys.Should().BeEquivalentTo([.. Common, "AUTH_JWKS_URL"]);
        secret.Should().BeEmpty("the database password is a file the service reads again, not a variable");
        env["DB_USER"].Should().Be(LocalDatabaseRoles.RoleOf[PlatformServices.All[index].Name]);
        env["AUTH_JWKS_URL"].Should().Be("http://auth-service:8080/auth/.well-known/jwks.json");
    }

    [Fact]
    public void ARedeployCopiesEveryVariableOfTheContract()
    {
        var names = PlatformServices.All.SelectMany(s =>
        {
            var (env, secret) = ServiceEnvironment.For(s, Options, "PEM");
            return env.Keys.Concat(secret.Keys);
        });

        ServiceEnvironment.ContractNames.Should().BeEquivalentTo(names.Distinct());
    }
}
