namespace Platform.FakeAws;

/// <summary>
/// The steps of a stack operation, one run per poll. A step may wait (return false to run again on the next poll, as
/// CloudFormation's stabilisation wait for an ECS service does) and may replace what follows it (a failure plans the rollback).
/// </summary>
internal sealed class StepQueue
{
    private readonly LinkedList<Func<bool>> _steps = new();

    public int Count => _steps.Count;

    public void Enqueue(Action step) => _steps.AddLast(() =>
    {
        step();
        return true;
    });

    /// <summary>A step that runs on every poll until it returns true.</summary>
    public void EnqueueUntil(Func<bool> step) => _steps.AddLast(step);

    public void Clear() => _steps.Clear();

    public void RunNext()
    {
        if (_steps.First is not { } first)
        {
            return;
        }

        // A step that cleared the queue (to plan a rollback) has already left it.
        if (first.Value() && first.List is not null)
        {
            _steps.Remove(first);
        }
    }
}
