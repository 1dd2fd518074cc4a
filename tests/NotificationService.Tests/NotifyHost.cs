using Amazon.SQS.Model;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Platform.NotificationService.Notifications;
using Platform.Testing;

namespace Platform.NotificationService.Tests;

/// <summary>notification-service on its own database and queue (with a DLQ, maxReceiveCount 2, visibility 2 s), fast polling.</summary>
internal sealed class NotifyHost : IAsyncDisposable
{
    public const int MaxReceiveCount = 2;

    private ServiceFactory<Program>? _factory;
    private WebApplicationFactory<Program>? _app;

    private NotifyHost(PlatformContainers containers, string connectionString, string queueUrl, string dlqUrl)
    {
        Containers = containers;
        ConnectionString = connectionString;
        QueueUrl = queueUrl;
        DlqUrl = dlqUrl;
    }

    public PlatformContainers Containers { get; }

    public string ConnectionString { get; }

    public string QueueUrl { get; }

    public string DlqUrl { get; }

    public WebApplicationFactory<Program> App => _app ?? throw new InvalidOperationException("not started");

    /// <param name="visibilityTimeoutSeconds">2 by default so redelivery tests are quick; long where a stranded message must show.</param>
    public static async Task<NotifyHost> CreateAsync(PlatformContainers containers, CancellationToken cancellationToken, int visibilityTimeoutSeconds = 2)
    {
        var database = await containers.CreateDatabaseAsync(cancellationToken);
        var connectionString = new NpgsqlConnectionStringBuilder(containers.Postgres.GetConnectionString()) { Database = database }.ConnectionString;
        using var sqs = containers.CreateSqsClient();
        var suffix = Guid.NewGuid().ToString("N");
        var dlqUrl = (await sqs.CreateQueueAsync($"notify-dlq-{suffix}", cancellationToken)).QueueUrl;
        var dlqArn = (await sqs.GetQueueAttributesAsync(dlqUrl, ["QueueArn"], cancellationToken)).Attributes["QueueArn"];
        var queueUrl = (await sqs.CreateQueueAsync(
            new CreateQueueRequest
            {
                QueueName = $"notify-{suffix}",
                Attributes = new Dictionary<string, string>
                {
                    ["VisibilityTimeout"] = visibilityTimeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    ["RedrivePolicy"] = $"{{\"deadLetterTargetArn\":\"{dlqArn}\",\"maxReceiveCount\":\"{MaxReceiveCount}\"}}",
                },
            },
            cancellationToken)).QueueUrl;
        return new NotifyHost(containers, connectionString, queueUrl, dlqUrl);
    }

    /// <param name="sqsEndpoint">Where the consumer reaches SQS (e.g. a <see cref="SlowLink"/>); the emulator by default.</param>
    public void Start(Func<string, CancellationToken, Task>? afterCommit = null, int waitTimeSeconds = 1, string? sqsEndpoint = null)
    {
        _factory = new ServiceFactory<Program>(ServiceSettings.For(ConnectionString, sqsEndpoint ?? Containers.SqsEndpoint, QueueUrl));
        _app = _factory.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
        {
            services.Configure<ConsumerOptions>(options =>
            {
                options.WaitTimeSeconds = waitTimeSeconds;
                options.ErrorDelay = TimeSpan.FromMilliseconds(200);
                options.AfterCommit = afterCommit;
            });
        }));
        _ = _app.Server;
    }

    public async Task StopAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
            _app = null;
        }

        if (_factory is not null)
        {
            await _factory.DisposeAsync();
            _factory = null;
        }
    }

    public async Task SendAsync(string body, CancellationToken cancellationToken)
    {
        using var sqs = Containers.CreateSqsClient();
        await sqs.SendMessageAsync(QueueUrl, body, cancellationToken);
    }

    public static string Event(string type, Guid userId, string? eventId = null) =>
        $"{{\"type\":\"{type}\",\"id\":\"{eventId ?? Guid.NewGuid().ToString()}\",\"occurredAt\":\"2026-01-01T00:00:00Z\",\"data\":{{\"userId\":\"{userId}\",\"invoiceId\":\"{Guid.NewGuid()}\",\"amountMinor\":1,\"currency\":\"EUR\"}}}}";

    public HttpClient Client(Guid user) => App.CreateClientFor(user);

    public Task<long> ScalarAsync(string sql) => TestDatabase.ScalarAsync(ConnectionString, sql);

    /// <summary>Polls until the condition holds; false on timeout.</summary>
    public static async Task<bool> EventuallyAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(200);
        }

        return await condition();
    }

    public async ValueTask DisposeAsync() => await StopAsync();
}
