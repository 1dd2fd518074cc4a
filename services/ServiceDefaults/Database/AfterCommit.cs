namespace Platform.ServiceDefaults.Database;

/// <summary>
/// Work to run once the transaction <see cref="DataSourceExtensions.InTransactionAsync"/> is running has committed, never
/// after a rollback. A writer deep in that transaction registers through <see cref="TryAdd"/>; outside one there is no
/// commit to wait for, <see cref="TryAdd"/> returns false, and the writer does its work its own way.
/// </summary>
public sealed class AfterCommit
{
    // Set by InTransactionAsync before it runs the work, so every await inside the work sees the same scope.
    private static readonly AsyncLocal<AfterCommit?> Current = new();

    private readonly List<Action> _actions = [];

    private AfterCommit()
    {
    }

    /// <summary>Runs <paramref name="action"/> after the current transaction commits; false when there is no such transaction.</summary>
    public static bool TryAdd(Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        if (Current.Value is not { } scope)
        {
            return false;
        }

        // One action per transaction is enough however many writes registered it (delegates compare by target and method).
        if (!scope._actions.Contains(action))
        {
            scope._actions.Add(action);
        }

        return true;
    }

    internal static AfterCommit Begin() => Current.Value = new AfterCommit();

    internal static void End() => Current.Value = null;

    internal void Run()
    {
        foreach (var action in _actions)
        {
            action();
        }
    }
}
