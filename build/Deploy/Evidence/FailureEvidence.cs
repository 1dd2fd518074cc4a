using Amazon.CloudFormation;
using Amazon.CloudFormation.Model;
using Amazon.Runtime;

namespace Platform.Build.Deploy.Evidence;

/// <summary>
/// Keeps the evidence of a failed stack operation or rollout before a rollback erases it: the services are read as soon as
/// the first resource fails (a rolled-back create deletes the service and its tasks with it), the stack's events and the
/// folder once the operation has settled. Why: docs/design/failure-evidence.md.
/// </summary>
public sealed class FailureEvidence(
    IAmazonCloudFormation cloudFormation, ServiceEvidenceReader reader, TextWriter log, string artifactsDirectory,
    string stackName, string cluster, IReadOnlyList<string> services, TimeProvider time)
{
    IReadOnlyList<ServiceEvidence>? _services;

    /// <summary>Reads the services now, once; later calls keep the first reading (the one closest to the failure).</summary>
    public async Task CaptureServicesAsync(DateTime? since, CancellationToken cancellationToken)
    {
        if (_services is not null)
            return;
        try
        {
            _services = await reader.ReadAsync(cluster, services, since, cancellationToken);
        }
        catch (Exception e) when (e is AmazonClientException or HttpRequestException)
        {
            log.WriteLine($"Failure evidence: the services could not be read ({e.Message}).");
            _services = [];
        }
    }

    /// <summary>Writes the folder, prints the summary and returns the line that points at it (for the failure message).</summary>
    public async Task<string> WriteAsync(string failure, string? stackId, DateTime? since, CancellationToken cancellationToken)
    {
        List<StackEvent> events = [];
        if (stackId is not null)
        {
            try
            {
                events = await StackOperationEvents.ReadAsync(cloudFormation, stackId, stackName, cancellationToken);
            }
            catch (Exception e) when (e is AmazonClientException or HttpRequestException)
            {
                log.WriteLine($"Failure evidence: the stack's events could not be read ({e.Message}).");
            }
        }

        await CaptureServicesAsync(since ?? events.FirstOrDefault()?.Timestamp, cancellationToken);
        var record = new DeployFailureRecord(stackName, cluster, failure, events, StackEventStream.RootFailures(events, stackName), _services ?? [], time.GetUtcNow().UtcDateTime);
        var folder = EvidenceFolder.Write(artifactsDirectory, record);
        log.WriteLine();
        log.WriteLine(EvidenceFolder.Summary(record).TrimEnd());
        log.WriteLine();
        var pointer = $"Failure evidence (stack events, deployments, stopped tasks, logs, target health): {folder}{Path.DirectorySeparatorChar}summary.md";
        log.WriteLine(pointer);
        return pointer;
    }
}
