namespace Platform.Testing;

public static class Eventually
{
    /// <summary>Polls every 100 ms until the condition holds; false when <paramref name="timeout"/> passes first.</summary>
    public static async Task<bool> TrueWithinAsync(Func<Task<bool>> condition, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(100, cancellationToken);
        }

        return true;
    }
}
