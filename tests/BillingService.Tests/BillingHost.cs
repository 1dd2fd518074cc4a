using Platform.Testing;

namespace Platform.BillingService.Tests;

/// <summary>billing-service on its own database and queue, on Kestrel (so its 16 KiB body limit applies), with a fast outbox.</summary>
internal static class BillingHost
{
    public static Task<IsolatedServiceHost<Program>> StartAsync(
        PlatformContainers containers, CancellationToken cancellationToken, string? queueUrl = null, Action<Dictionary<string, string?>>? settings = null) =>
        IsolatedService.StartAsync<Program>(containers, "billing", cancellationToken, new IsolatedServiceOptions { QueueUrl = queueUrl, Settings = settings });
}
