using Microsoft.Extensions.DependencyInjection.Extensions;
using Platform.ServiceDefaults.Health;

namespace Platform.NotificationService.Notifications;

public static class NotificationsExtensions
{
    public static WebApplicationBuilder AddNotifications(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ConsumerOptions>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<ConsumerState>();
        builder.Services.AddHostedService<EventConsumer>();
        builder.Services.AddHealthChecks()
            .AddCheck<ConsumerHealthCheck>(ConsumerHealthCheck.Name, tags: [HealthDefaults.DeepTag], timeout: HealthDefaults.ProbeTimeout);
        return builder;
    }
}
