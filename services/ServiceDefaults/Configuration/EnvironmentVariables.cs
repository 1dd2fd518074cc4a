namespace Platform.ServiceDefaults.Configuration;

/// <summary>The names of the variables every task definition injects (see docs/design/service-contract.md).</summary>
public static class EnvironmentVariables
{
    public const string DbHost = "DB_HOST";
    public const string DbPort = "DB_PORT";
    public const string DbName = "DB_NAME";
    public const string DbUser = "DB_USER";
    public const string DbPassword = "DB_PASSWORD";

    /// <summary>A file holding DB_USER's password, read again every few seconds (local platform, tests).</summary>
    public const string DbPasswordFile = "DB_PASSWORD_FILE";

    /// <summary>"true" on AWS: the password is an RDS IAM token made from the task role's credentials.</summary>
    public const string DbIamAuth = "DB_IAM_AUTH";

    /// <summary>Optional: seconds a request may wait for PostgreSQL before it is answered 503 (default 3).</summary>
    public const string DbDeadlineSeconds = "DB_DEADLINE_SECONDS";

    /// <summary>Optional: "maxConnections/maxTasksPerService", from the template; sizes each task's pool (ConnectionBudget).</summary>
    public const string DbPoolBudget = "DB_POOL_BUDGET";

    public const string SqsQueueUrl = "SQS_QUEUE_URL";
    public const string AwsRegion = "AWS_REGION";
    public const string AwsEndpointUrl = "AWS_ENDPOINT_URL";
    public const string AwsEndpointUrlSqs = "AWS_ENDPOINT_URL_SQS";

    /// <summary>auth-service only: the PEM RSA private key it signs tokens with (a secret) and its key id.</summary>
    public const string JwtPrivateKey = "JWT_PRIVATE_KEY";
    public const string JwtKeyId = "JWT_KEY_ID";

    /// <summary>The token issuer and audience: auth writes them, the others require them.</summary>
    public const string JwtIssuer = "JWT_ISSUER";
    public const string JwtAudience = "JWT_AUDIENCE";

    /// <summary>user, billing and notification: where auth publishes its public keys.</summary>
    public const string AuthJwksUrl = "AUTH_JWKS_URL";

    /// <summary>Optional: how long a deep health result is reused (seconds, default 5; 0 turns the cache off).</summary>
    public const string HealthCacheSeconds = "HEALTH_CACHE_SECONDS";

    /// <summary>Optional: the URL clients reach the platform at (e.g. https://api.example.com), written to the OpenAPI documents.</summary>
    public const string PublicBaseUrl = "PUBLIC_BASE_URL";
}
