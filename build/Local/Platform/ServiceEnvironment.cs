namespace Platform.Build.Local.Platform;

/// <summary>
/// The variables a service container gets: exactly those of its ECS task definition (the team's runtime contract), with
/// local values. The emulator needs an endpoint override and credentials; the dummy ones also keep a developer's real
/// AWS credentials out of the containers.
/// </summary>
public static class ServiceEnvironment
{
    public const string PostgresAlias = "postgres";
    public const string SqsAlias = "sqs";
    public const int SqsPort = 4566;
    public const int ServicePort = 8080;

    /// <summary>The trace viewer in the network: the services send it OTLP/HTTP (protobuf) on 18890; its UI listens on 18888.</summary>
    public const string DashboardAlias = "dashboard";
    public const int DashboardUiPort = 18888;
    public const int DashboardOtlpHttpPort = 18890;

    /// <summary>Secret names: passed by name to <c>docker run</c>, values through the client's environment.</summary>
    public static readonly IReadOnlySet<string> SecretNames = new HashSet<string>(StringComparer.Ordinal) { "JWT_PRIVATE_KEY" };

    /// <summary>Every variable name <see cref="For"/> can set: what a redeploy copies from the container it replaces.</summary>
    public static readonly IReadOnlySet<string> ContractNames = new HashSet<string>(StringComparer.Ordinal)
    {
        "DB_HOST", "DB_PORT", "DB_NAME", "DB_USER", "DB_PASSWORD_FILE", "SQS_QUEUE_URL", "AWS_REGION", "AWS_ENDPOINT_URL_SQS",
        "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "JWT_ISSUER", "JWT_AUDIENCE", "JWT_KEY_ID", "JWT_PRIVATE_KEY", "AUTH_JWKS_URL",
        "OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_PROTOCOL", "OTEL_METRIC_EXPORT_INTERVAL",
    };

    public static (IReadOnlyDictionary<string, string> Public, IReadOnlyDictionary<string, string> Secret) For(
        PlatformService service, LocalPlatformOptions options, string jwtPrivateKeyPem)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(options);
        var env = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["DB_HOST"] = PostgresAlias,
            ["DB_PORT"] = "5432",
            ["DB_NAME"] = options.DatabaseName,
            // Its own role (LocalDatabaseRoles), its password from the mounted file, as the template's DB_USER is its own.
            ["DB_USER"] = LocalDatabaseRoles.RoleOf[service.Name],
            ["DB_PASSWORD_FILE"] = $"{LocalDatabaseRoles.ServiceSecretsPath}/{LocalDatabaseRoles.PasswordFileName}",
            ["SQS_QUEUE_URL"] = QueueProvisioner.InNetworkQueueUrl(SqsAlias, SqsPort, options.QueueName),
            ["AWS_REGION"] = options.Region,
            ["AWS_ENDPOINT_URL_SQS"] = $"http://{SqsAlias}:{SqsPort}",
            ["AWS_ACCESS_KEY_ID"] = "local",
            ["AWS_SECRET_ACCESS_KEY"] = "local",
            // The template's SSM values with the environment name "local".
            ["JWT_ISSUER"] = $"https://{options.EnvironmentName}.platform/auth",
            ["JWT_AUDIENCE"] = $"{options.EnvironmentName}-platform-api",
            // Traces and metrics to the local trace viewer (in AWS: the ADOT collector beside each task).
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = $"http://{DashboardAlias}:{DashboardOtlpHttpPort}",
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "10000",
        };
        var secret = new Dictionary<string, string>(StringComparer.Ordinal);
        if (service.Name == "auth-service")
        {
            env["JWT_KEY_ID"] = $"{options.EnvironmentName}-1";
            secret["JWT_PRIVATE_KEY"] = jwtPrivateKeyPem;
        }
        else
        {
            // In AWS: http://auth-service.<env>.platform.internal:8080 (Cloud Map); here Docker DNS resolves the alias.
            env["AUTH_JWKS_URL"] = $"http://auth-service:{ServicePort}/auth/.well-known/jwks.json";
        }

        return (env, secret);
    }
}
