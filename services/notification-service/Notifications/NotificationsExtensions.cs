using Microsoft.Extensions.DependencyInjection.Extensions;
using Platform.ServiceDefaults.Health;

namespace Platform.NotificationService.Notifications;

public static class NotificationsExtensions
{
    public static WebApplicationBuilder AddNotifications(this WebApplicationBuilder builder)
    {
        // Consumer__WaitTimeSeconds (and the other members) from configuration; the defaults suit SQS.
        builder.Services.AddOptions<ConsumerOptions>().BindConfiguration("Consumer");
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<ConsumerState>();
        builder.Services.AddSingleton<DeadLetterLimit>();
        builder.Services.AddHostedService<EventConsumer>();
        builder.Services.AddHealthChecks()
            .AddCheck<ConsumerHealthCheck>(ConsumerHealthCheck.Name, tags: [HealthDefaults.DeepTag], timeout: HealthDefaults.ProbeTimeout);
        return builder;
    }
}
