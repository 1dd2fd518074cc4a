namespace Platform.Template.Tests;

/// <summary>
/// The four services as the team contract (docs/design/service-contract.md) defines them: logical-ID key, name,
/// ALB route prefix, what each does with the events queue, the environment each expects, and its database role (the
/// role step's, services/ServiceDefaults/Database/Roles/ServiceRole.cs).
/// </summary>
public sealed record PlatformService(string Key, string Name, string Prefix, IReadOnlyList<string> QueueActions, IReadOnlyList<string> EnvironmentVariables, string DbUser)
{
    static readonly string[] Common =
        ["DB_HOST", "DB_PORT", "DB_NAME", "DB_USER", "DB_IAM_AUTH", "DB_POOL_BUDGET", "SQS_QUEUE_URL", "AWS_REGION", "JWT_ISSUER", "JWT_AUDIENCE",
            "OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_PROTOCOL"];

    public static readonly PlatformService Auth = new("Auth", "auth-service", "auth",
        ["sqs:GetQueueAttributes", "sqs:SendMessage"], [.. Common, "JWT_PRIVATE_KEY", "JWT_KEY_ID"], "auth_service");
    public static readonly PlatformService User = new("User", "user-service", "users",
        ["sqs:GetQueueAttributes"], [.. Common, "AUTH_JWKS_URL"], "user_service");
    public static readonly PlatformService Billing = new("Billing", "billing-service", "billing",
        ["sqs:GetQueueAttributes", "sqs:SendMessage"], [.. Common, "AUTH_JWKS_URL"], "billing_service");
    public static readonly PlatformService Notification = new("Notification", "notification-service", "notify",
        ["sqs:GetQueueAttributes", "sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility"], [.. Common, "AUTH_JWKS_URL"], "notification_service");

    public static readonly IReadOnlyList<PlatformService> All = [Auth, User, Billing, Notification];

    public static TheoryData<string> Keys => new(All.Select(s => s.Key));

    public static PlatformService ByKey(string key) => All.Single(s => s.Key == key);

    public override string ToString() => Name;
}
