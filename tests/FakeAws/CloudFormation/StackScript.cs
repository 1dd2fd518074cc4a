namespace Platform.FakeAws;

/// <summary>How the next deploys of one stack turn out. <c>Script</c> replaces the whole script, so a test can fail, then fix.</summary>
public sealed class StackScript
{
    internal Dictionary<string, string> Failures { get; } = new(StringComparer.Ordinal);

    internal Dictionary<string, string> RollbackFailures { get; } = new(StringComparer.Ordinal);

    internal Dictionary<string, string> OutputValues { get; } = new(StringComparer.Ordinal);

    internal HashSet<string> Replacements { get; } = new(StringComparer.Ordinal);

    internal string? ChangeSetFailure { get; private set; }

    /// <summary>The resource fails to create or update with this reason; the stack then rolls back.</summary>
    public StackScript FailResource(string logicalId, string reason)
    {
        Failures[logicalId] = reason;
        return this;
    }

    /// <summary>During an update rollback this resource fails too, leaving the stack UPDATE_ROLLBACK_FAILED.</summary>
    public StackScript FailRollback(string logicalId, string reason)
    {
        RollbackFailures[logicalId] = reason;
        return this;
    }

    /// <summary>The stack's output after a successful create or update (only outputs the template declares are shown).</summary>
    public StackScript Output(string key, string value)
    {
        OutputValues[key] = value;
        return this;
    }

    /// <summary>Modifying this resource requires replacement (the change set says Replacement=True).</summary>
    public StackScript Replace(string logicalId)
    {
        Replacements.Add(logicalId);
        return this;
    }

    /// <summary>Change sets of this stack end FAILED with the reason (as CloudFormation does for some template errors).</summary>
    public StackScript FailChangeSet(string reason)
    {
        ChangeSetFailure = reason;
        return this;
    }
}

/// <summary>A snapshot of a fake stack, for assertions.</summary>
public sealed record FakeStackState(
    string StackName,
    string StackId,
    string Status,
    string? StatusReason,
    IReadOnlyDictionary<string, string> Parameters,
    IReadOnlyDictionary<string, string> Outputs,
    IReadOnlyList<string> Resources,
    IReadOnlyList<string> ChangeSets,
    IReadOnlyList<FakeStackEvent> Events,
    bool Deleted);

/// <summary>A stack event, oldest first in <see cref="FakeStackState.Events"/>.</summary>
public sealed record FakeStackEvent(string EventId, string LogicalResourceId, string? PhysicalResourceId, string ResourceType, string Status, string? Reason, DateTime Timestamp);
