namespace Platform.ServiceDefaults.Configuration;

/// <summary>The names of the variables every task definition injects (see .notes/services.md).</summary>
public static class EnvironmentVariables
{
    public const string DbHost = "DB_HOST";
    public const string DbPort = "DB_PORT";
    public const string DbName = "DB_NAME";
    public const string DbUser = "DB_USER";
    public const string DbPassword = "DB_PASSWORD";
    public const string SqsQueueUrl = "SQS_QUEUE_URL";
    public const string AwsRegion = "AWS_REGION";
    public const string AwsEndpointUrl = "AWS_ENDPOINT_URL";
    public const string AwsEndpointUrlSqs = "AWS_ENDPOINT_URL_SQS";

    /// <summary>Optional: how long a deep health result is reused (seconds, default 5; 0 turns the cache off).</summary>
    public const string HealthCacheSeconds = "HEALTH_CACHE_SECONDS";
}
