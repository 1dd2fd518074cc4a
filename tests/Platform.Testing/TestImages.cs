namespace Platform.Testing;

/// <summary>
/// The images the tests run. Offline CI sets the variables to locally built images (see docs/local.md); the defaults
/// are pinned public tags for machines that reach Docker Hub.
/// </summary>
public static class TestImages
{
    public const string PostgresVariable = "PLATFORM_POSTGRES_IMAGE";
    public const string SqsVariable = "PLATFORM_SQS_IMAGE";
    public const string RegistryVariable = "PLATFORM_REGISTRY_IMAGE";

    /// <summary>Pinned: the official image, a PostgreSQL major RDS offers.</summary>
    public const string DefaultPostgres = "postgres:17.6";

    /// <summary>LocalStack 4.14: the last tag that runs without LOCALSTACK_AUTH_TOKEN (see docs/design/test-images.md).</summary>
    public const string DefaultSqs = "localstack/localstack:4.14";

    /// <summary>The CNCF distribution registry, as tests that push images start it for themselves.</summary>
    public const string DefaultRegistry = "registry:2";

    public static string Postgres => FromEnvironment(PostgresVariable) ?? DefaultPostgres;

    public static string Sqs => FromEnvironment(SqsVariable) ?? DefaultSqs;

    public static string Registry => FromEnvironment(RegistryVariable) ?? DefaultRegistry;

    /// <summary>LocalStack answers health on its own path and needs SERVICES; any other image is treated as fauxqs.</summary>
    public static bool IsLocalStack(string image) => image.Contains("localstack", StringComparison.OrdinalIgnoreCase);

    private static string? FromEnvironment(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;
}
