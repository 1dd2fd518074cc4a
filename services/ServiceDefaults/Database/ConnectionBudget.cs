using System.Globalization;

namespace Platform.ServiceDefaults.Database;

/// <summary>
/// Shares PostgreSQL's max_connections between every task the platform can run at once: <see cref="Reserved"/> stay
/// free for migrations and operators, and each of the <see cref="Services"/> services' tasks (up to maxTasks each,
/// twice that while a deployment runs old and new side by side) gets an equal pool plus
/// <see cref="ListenerConnections"/> for the outbox listener. docs/design/connection-budget.md has the numbers.
/// </summary>
public sealed record ConnectionBudget(int MaxConnections, int MaxTasksPerService)
{
    /// <summary>auth, user, billing and notification: the template's four task definitions.</summary>
    public const int Services = 4;

    /// <summary>Left for migrations (their own connection), psql sessions and RDS's own superuser connections.</summary>
    public const int Reserved = 10;

    /// <summary>ECS's MaximumPercent 200: a rolling deployment runs up to twice the tasks.</summary>
    public const int DeploymentSurge = 2;

    /// <summary>The outbox publisher's LISTEN connection, outside the pool.</summary>
    public const int ListenerConnections = 1;

    /// <summary>Without a budget (local runs, tests): small enough that four services fit in PostgreSQL's default 100.</summary>
    public const int DefaultPoolSize = 20;

    /// <summary>Per task, beside the pool and the listener: the health probe's and the migrations' unpooled sessions.</summary>
    public const int ProbeConnections = 2;

    /// <summary>
    /// The CONNECTION LIMIT of each service's database role: its tasks at the deployment surge, each with its pool, listener
    /// and probes. One service that leaks connections is refused at its own limit instead of starving the other three.
    /// </summary>
    public int RoleConnectionLimit => MaxTasksPerService * DeploymentSurge * (PoolSize + ListenerConnections + ProbeConnections);

    public int PoolSize => ((MaxConnections - Reserved) / (Services * MaxTasksPerService * DeploymentSurge)) - ListenerConnections;

    public static ConnectionBudget Parse(string value) =>
        TryParse(value) ?? throw new FormatException($"'{value}' is not maxConnections/maxTasksPerService");

    /// <summary>Null when <paramref name="value"/> is a usable budget, else what is wrong with it.</summary>
    public static string? Validate(string value) => TryParse(value) switch
    {
        null => $"must be maxConnections/maxTasksPerService, e.g. 80/2 (got '{value}')",
        { PoolSize: < 1 } budget => $"leaves no connection per task: {budget.MaxConnections} connections cannot serve {Services} services x {budget.MaxTasksPerService} tasks x {DeploymentSurge} during deployments",
        _ => null,
    };

    private static ConnectionBudget? TryParse(string value)
    {
        var parts = value.Split('/');
        return parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var connections) && connections > 0
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var tasks) && tasks > 0
                ? new ConnectionBudget(connections, tasks)
                : null;
    }
}
