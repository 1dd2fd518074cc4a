using System.Globalization;
using Amazon.CloudFormation;
using Amazon.CloudFormation.Model;

namespace Platform.Build.Deploy;

/// <summary>
/// Prints a stack's new events, oldest first, each time it is polled. DescribeStackEvents answers newest first, so each
/// poll reads pages only until it meets an event it has already seen.
/// </summary>
internal sealed class StackEventStream(IAmazonCloudFormation cloudFormation, string stackId, TextWriter log)
{
    readonly HashSet<string> _seen = new(StringComparer.Ordinal);

    /// <summary>Every event printed so far, oldest first (the failure report reads them).</summary>
    public List<StackEvent> Printed { get; } = [];

    public StackEvent? Last => Printed.Count > 0 ? Printed[^1] : null;

    /// <summary>Marks the stack's history as seen without printing it: only what happens from now on is shown.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var e in await NewEventsAsync(cancellationToken))
            _seen.Add(e.EventId ?? "");
    }

    public async Task PrintNewAsync(CancellationToken cancellationToken)
    {
        var fresh = await NewEventsAsync(cancellationToken);
        fresh.Reverse();
        foreach (var e in fresh)
        {
            _seen.Add(e.EventId ?? "");
            Printed.Add(e);
            log.WriteLine(Format(e));
        }
    }

    /// <summary>Unseen events, newest first.</summary>
    async Task<List<StackEvent>> NewEventsAsync(CancellationToken cancellationToken)
    {
        var fresh = new List<StackEvent>();
        var pages = cloudFormation.Paginators.DescribeStackEvents(new DescribeStackEventsRequest { StackName = stackId }).Responses;
        await foreach (var page in pages.WithCancellation(cancellationToken))
        {
            foreach (var e in page.StackEvents ?? [])
            {
                if (_seen.Contains(e.EventId ?? ""))
                    return fresh;
                fresh.Add(e);
            }
            // The first poll of a long-lived stack would read its whole history: one page is enough to start from.
            if (_seen.Count == 0 && fresh.Count > 0 && Printed.Count == 0)
                break;
        }
        return fresh;
    }

    public static string Format(StackEvent e) =>
        string.Create(CultureInfo.InvariantCulture,
            $"  {e.Timestamp?.ToUniversalTime():HH:mm:ss}  {e.ResourceStatus?.Value,-44} {e.LogicalResourceId} ({e.ResourceType})")
        + (string.IsNullOrEmpty(e.ResourceStatusReason) ? "" : $": {e.ResourceStatusReason}");

    /// <summary>A resource that failed, not the stack's own summary event nor the "cancelled" knock-on failures when real causes exist.</summary>
    public static List<StackEvent> RootFailures(IEnumerable<StackEvent> events, string stackName)
    {
        var failed = events
            .Where(e => e.ResourceStatus?.Value.EndsWith("_FAILED", StringComparison.Ordinal) == true)
            .Where(e => !(e.ResourceType == "AWS::CloudFormation::Stack" && e.LogicalResourceId == stackName))
            .ToList();
        var causes = failed.Where(e => e.ResourceStatusReason?.Contains("cancelled", StringComparison.OrdinalIgnoreCase) != true).ToList();
        return causes.Count > 0 ? causes : failed;
    }
}
