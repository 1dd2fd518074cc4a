using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Platform.ServiceDefaults.Outbox;

public static class OutboxExtensions
{
    /// <summary>
    /// Adds <see cref="IOutbox"/> and the <see cref="OutboxPublisher"/>. The service's own migration creates
    /// <c>&lt;schema&gt;.outbox (id bigserial PRIMARY KEY, event_id uuid UNIQUE, event_type text, body text, created_at, sent_at)</c>.
    /// </summary>
    public static WebApplicationBuilder AddOutbox(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<OutboxOptions>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(provider => new OutboxNotifier(
            OutboxNotifier.OverPostgres(provider.GetRequiredService<NpgsqlDataSource>(), provider.GetRequiredService<PlatformService>()),
            provider.GetRequiredService<ILogger<OutboxNotifier>>()));
        builder.Services.AddSingleton<IOutbox, PostgresOutbox>();
        builder.Services.AddSingleton<OutboxRows>();
        builder.Services.AddSingleton<OutboxMetrics>();
        builder.Services.AddHostedService<OutboxPublisher>();
        return builder;
    }
}
