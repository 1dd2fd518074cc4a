namespace Platform.FakeAws;

/// <summary>
/// The steps of a stack operation, a few run per poll. A step may wait (return false to run again on the next poll, as
/// CloudFormation's stabilisation wait for an ECS service does) and may replace what follows it (a failure plans the rollback).
/// </summary>
internal sealed class StepQueue
{
    private readonly LinkedList<Func<bool>> _steps = new();

    public int Count => _steps.Count;

    /// <summary>Steps one poll runs: 1 for a seeded stack (it settles after a given number of describes).</summary>
    public int StepsPerPoll { get; set; } = 1;

    public void Enqueue(Action step) => _steps.AddLast(() =>
    {
        step();
        return true;
    });

    /// <summary>A step that runs on every poll until it returns true.</summary>
    public void EnqueueUntil(Func<bool> step) => _steps.AddLast(step);

    public void Clear() => _steps.Clear();

    /// <summary>
    /// One poll's progress: up to <see cref="StepsPerPoll"/> steps, fewer when one waits (it runs again on the next poll)
    /// or plans a rollback (the rollback starts on the next poll).
    /// </summary>
    public void RunNext()
    {
        for (var ran = 0; ran < StepsPerPoll && _steps.First is { } first; ran++)
        {
            if (!first.Value())
            {
                return;
            }

            // A step that cleared the queue (to plan a rollback) has already left it.
            if (first.List is null)
            {
                return;
            }

            _steps.Remove(first);
        }
    }
}
