namespace Platform.ServiceDefaults.Database.Roles;

/// <summary>A service's database identity: the login role that owns its schema and nothing else.</summary>
/// <param name="Service">The service name (auth-service, …).</param>
/// <param name="Schema">The schema it owns.</param>
/// <param name="Role">The PostgreSQL role (and the RDS IAM database user) it connects as: its DB_USER.</param>
public sealed record ServiceRole(string Service, string Schema, string Role)
{
    /// <summary>The four services' roles; the template's DB_USER values and rds-db:connect resources name the same roles.</summary>
    public static readonly IReadOnlyList<ServiceRole> All =
    [
        new("auth-service", "auth", "auth_service"),
        new("user-service", "users", "user_service"),
        new("billing-service", "billing", "billing_service"),
        new("notification-service", "notify", "notification_service"),
    ];
}
