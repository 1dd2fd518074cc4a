using Amazon.CloudFormation;

namespace Platform.Build.Deploy;

/// <summary>What a stack status means for a deploy.</summary>
internal static class StackStates
{
    /// <summary>An operation is running; REVIEW_IN_PROGRESS is not one (a stack made by a change set that never ran).</summary>
    public static bool IsBusy(StackStatus? status) =>
        status is not null && status.Value.EndsWith("_IN_PROGRESS", StringComparison.Ordinal) && status != StackStatus.REVIEW_IN_PROGRESS;

    public static bool IsSuccess(StackStatus? status) =>
        status == StackStatus.CREATE_COMPLETE || status == StackStatus.UPDATE_COMPLETE || status == StackStatus.IMPORT_COMPLETE;
}
