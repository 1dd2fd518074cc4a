using System.Globalization;
using System.Net.Http;
using System.Text.Json;
using Amazon.SQS.Model;
using Platform.Build.Local.Docker;
using Platform.Build.Local.Platform;

namespace Platform.Build.Local.Status;

/// <summary>
/// --env local's Status from Docker: one `docker ps` and one `docker inspect` for every container of the platform (state,
/// health, image), each service's live check through the gateway (what the ALB's target health is on AWS), and the queue and
/// DLQ depths from the SQS emulator's published port.
/// </summary>
public sealed class LocalStatusReader(DockerCli docker, LocalPlatformOptions options, HttpMessageHandler? handler = null)
{
    static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(5);

    /// <summary>What LocalPlatform.UpAsync starts besides the services (as &lt;name&gt;-postgres, -sqs, -gateway).</summary>
    static readonly string[] Infrastructure = ["gateway", "postgres", "sqs"];

    public async Task<EnvironmentStatus> ReadAsync(CancellationToken cancellationToken)
    {
        var names = (await docker.RunCheckedAsync(DockerCommandLine.ListContainers($"{LocalPlatformOptions.Label}={options.Name}"), cancellationToken: cancellationToken))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var containers = names.Length == 0 ? [] : await InspectAsync(names, cancellationToken);

        var targets = ProbeTargetsAsync(cancellationToken);
        var queues = QueuesAsync(containers, cancellationToken);
        await Task.WhenAll(targets, queues);
        return new EnvironmentStatus(options.EnvironmentName, null, Lines(containers), targets.Result, [], queues.Result, null);
    }

    /// <summary>The four services (one container each, two during a redeploy), the infrastructure, then whatever else carries the platform's label.</summary>
    List<ServiceStatusLine> Lines(IReadOnlyList<LocalContainer> containers)
    {
        var lines = new List<ServiceStatusLine>();
        foreach (var service in PlatformServices.All)
        {
            var own = containers.Where(c => c.ServiceLabel == $"{options.Name}/{service.Name}").ToList();
            lines.Add(own.Count == 0
                ? new ServiceStatusLine(service.Name, 0, 1, 0, "-", "-", "-", "no container (./build.sh Up --env local)")
                : Line(service.Name, own));
        }

        var others = containers.Where(c => c.ServiceLabel is null).ToDictionary(
            c => c.ContainerName.StartsWith(options.Name + "-", StringComparison.Ordinal) ? c.ContainerName[(options.Name.Length + 1)..] : c.ContainerName, StringComparer.Ordinal);
        foreach (var name in Infrastructure.Union(others.Keys.Order(StringComparer.Ordinal)))
        {
            lines.Add(others.TryGetValue(name, out var container)
                ? Line(name, [container])
                : new ServiceStatusLine(name, 0, 1, 0, "-", "-", "-", "no container (./build.sh Up --env local)"));
        }

        return lines;
    }

    static ServiceStatusLine Line(string name, IReadOnlyList<LocalContainer> containers)
    {
        var running = containers.Count(c => c.RunState == "running");
        var pending = containers.Count(c => c.RunState is "created" or "restarting");
        var unhealthy = containers.FirstOrDefault(c => c.HealthStatus is "unhealthy");
        var stopped = containers.FirstOrDefault(c => c.RunState is not ("running" or "created" or "restarting"));
        var problem = unhealthy is not null ? $"{unhealthy.ContainerName} is unhealthy"
            : running == 0 && stopped is not null ? $"{stopped.ContainerName} is {stopped.RunState}"
            : null;
        var rollout = running > 1 ? "IN_PROGRESS" : running == 1 ? "COMPLETED" : stopped?.RunState ?? "-";
        return new ServiceStatusLine(name, running, 1, pending, rollout,
            string.Join(", ", containers.Select(c => c.ContainerName)), string.Join(", ", containers.Select(c => c.ImageName).Distinct(StringComparer.Ordinal)), problem);
    }

    async Task<List<LocalContainer>> InspectAsync(IEnumerable<string> names, CancellationToken cancellationToken)
    {
        var output = await docker.RunCheckedAsync(new DockerCommand(["inspect", .. names]), cancellationToken: cancellationToken);
        using var json = JsonDocument.Parse(output);
        return [.. json.RootElement.EnumerateArray().Select(LocalContainer.From)];
    }

    /// <summary>GET /&lt;prefix&gt;/health/live through the gateway, as the ALB's health check asks each target.</summary>
    async Task<IReadOnlyList<TargetStatusLine>> ProbeTargetsAsync(CancellationToken cancellationToken)
    {
        using var http = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
        http.Timeout = ProbeTimeout;
        return await Task.WhenAll(PlatformServices.All.Select(async service =>
        {
            var url = new Uri(options.GatewayUrl, service.LivePath);
            try
            {
                using var response = await http.GetAsync(url, cancellationToken);
                return response.IsSuccessStatusCode
                    ? new TargetStatusLine(service.Name, url.ToString(), "healthy", null)
                    : new TargetStatusLine(service.Name, url.ToString(), "unhealthy", string.Create(CultureInfo.InvariantCulture, $"HTTP {(int)response.StatusCode}"));
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                return new TargetStatusLine(service.Name, url.ToString(), "unreachable", e.Message);
            }
        }));
    }

    async Task<IReadOnlyList<QueueStatusLine>> QueuesAsync(IReadOnlyList<LocalContainer> containers, CancellationToken cancellationToken)
    {
        var sqs = containers.FirstOrDefault(c => c.ContainerName == $"{options.Name}-sqs" && c.RunState == "running");
        if (sqs?.PublishedPort(ServiceEnvironment.SqsPort) is not { } port)
            return [];
        using var client = QueueProvisioner.Client(new Uri($"http://127.0.0.1:{port}"), options.Region);
        return await Task.WhenAll(new[] { (options.QueueName, false), (options.DeadLetterQueueName, true) }.Select(async queue =>
        {
            var url = (await client.GetQueueUrlAsync(new GetQueueUrlRequest { QueueName = queue.Item1 }, cancellationToken)).QueueUrl;
            var attributes = await client.GetQueueAttributesAsync(new GetQueueAttributesRequest
            {
                QueueUrl = url,
                AttributeNames = [Amazon.SQS.QueueAttributeName.ApproximateNumberOfMessages, Amazon.SQS.QueueAttributeName.ApproximateNumberOfMessagesNotVisible],
            }, cancellationToken);
            return new QueueStatusLine(queue.Item1, QueueDepth.Read(attributes, Amazon.SQS.QueueAttributeName.ApproximateNumberOfMessages),
                QueueDepth.Read(attributes, Amazon.SQS.QueueAttributeName.ApproximateNumberOfMessagesNotVisible), queue.Item2);
        }));
    }
}
