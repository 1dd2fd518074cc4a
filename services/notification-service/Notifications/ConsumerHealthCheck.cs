using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Platform.NotificationService.Notifications;

/// <summary>
/// A stopped consumer makes the deep health 503: notifications would silently pile up in the queue. The body carries
/// state and counts only: exception text (queue names, hosts, SDK internals) is for the log, where the consumer writes it.
/// </summary>
internal sealed class ConsumerHealthCheck(ConsumerState state) : IHealthCheck
{
    public const string Name = "events_consumer";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object>
        {
            ["running"] = state.Running,
            ["lastSuccessfulPoll"] = state.LastSuccessfulPoll?.ToString("O", CultureInfo.InvariantCulture) ?? "never",
            ["messagesProcessed"] = state.Processed,
            ["failures"] = state.Failures,
        };
        return Task.FromResult(state.Running
            ? HealthCheckResult.Healthy("consumer running", data)
            : HealthCheckResult.Unhealthy("consumer not running", data: data));
    }
}
