namespace Platform.AuthService.Passwords;

/// <summary>Thrown instead of queueing when <see cref="HashGate"/>'s waiting line is full; the caller answers 503.</summary>
public sealed class HashingBusyException() : Exception("Too many password hashes are waiting");

/// <summary>
/// At most <c>concurrent</c> hashes run at once (each holds 19 MiB and a core), and at most <c>maxWaiting</c> wait for a
/// slot: past that a caller is refused at once, so a burst of registrations or guesses cannot push every other sign-in
/// behind a long queue (see docs/design/auth-throttling.md).
/// </summary>
internal sealed class HashGate(int concurrent, int maxWaiting) : IDisposable
{
    private readonly SemaphoreSlim _slots = new(Math.Max(1, concurrent));
    private int _waiting;

    /// <summary>Callers waiting for a slot right now.</summary>
    public int Waiting => Volatile.Read(ref _waiting);

    public async Task<T> RunAsync<T>(Func<T> work, CancellationToken cancellationToken)
    {
        if (!_slots.Wait(0, CancellationToken.None))
        {
            if (Interlocked.Increment(ref _waiting) > maxWaiting)
            {
                Interlocked.Decrement(ref _waiting);
                throw new HashingBusyException();
            }

            try
            {
                await _slots.WaitAsync(cancellationToken);
            }
            finally
            {
                Interlocked.Decrement(ref _waiting);
            }
        }

        try
        {
            return work();
        }
        finally
        {
            _slots.Release();
        }
    }

    public void Dispose() => _slots.Dispose();
}
