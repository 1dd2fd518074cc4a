namespace Platform.FakeAws;

/// <summary>Timestamps that move one second per event, so ordering is stable and tests never wait on the wall clock.</summary>
internal sealed class FakeClock
{
    private DateTime _now = DateTime.UtcNow.AddHours(-1);

    public DateTime Next() => _now = _now.AddSeconds(1);
}
