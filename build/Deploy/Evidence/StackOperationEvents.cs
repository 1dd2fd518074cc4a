using Amazon.CloudFormation;
using Amazon.CloudFormation.Model;

namespace Platform.Build.Deploy.Evidence;

/// <summary>The events of a stack's latest operation, oldest first: read back (newest first) to the stack's own "User Initiated" event.</summary>
public static class StackOperationEvents
{
    public static async Task<List<StackEvent>> ReadAsync(IAmazonCloudFormation cloudFormation, string stackId, string stackName, CancellationToken cancellationToken, int maxPages = 5)
    {
        ArgumentNullException.ThrowIfNull(cloudFormation);
        var events = new List<StackEvent>();
        var page = 0;
        var pages = cloudFormation.Paginators.DescribeStackEvents(new DescribeStackEventsRequest { StackName = stackId }).Responses;
        await foreach (var response in pages.WithCancellation(cancellationToken))
        {
            if (page++ == maxPages)
                break;
            foreach (var e in response.StackEvents ?? [])
            {
                events.Add(e);
                if (BeginsOperation(e, stackName))
                {
                    events.Reverse();
                    return events;
                }
            }
        }
        events.Reverse();
        return events;
    }

    static bool BeginsOperation(StackEvent e, string stackName) =>
        e.LogicalResourceId == stackName && e.ResourceType == "AWS::CloudFormation::Stack"
        && (e.ResourceStatus == ResourceStatus.CREATE_IN_PROGRESS || e.ResourceStatus == ResourceStatus.UPDATE_IN_PROGRESS)
        && e.ResourceStatusReason == "User Initiated";
}
