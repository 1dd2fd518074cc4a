using System.Globalization;

namespace Platform.FakeAws;

/// <summary>
/// CloudWatch alarms over the Query protocol (version 2010-08-01): DescribeAlarms filtered as documented by AlarmNamePrefix
/// and StateValue, MaxRecords per page (default 50, 1..100) with a NextToken. A test seeds alarms with their state.
/// https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_DescribeAlarms.html
/// </summary>
public sealed class FakeCloudWatch
{
    private static readonly string[] States = ["OK", "ALARM", "INSUFFICIENT_DATA"];

    private readonly FakeAwsOptions _options;
    private readonly FakeClock _clock;
    private readonly Lock _gate;
    private readonly List<FakeAlarm> _alarms = [];

    internal FakeCloudWatch(FakeAwsOptions options, FakeClock clock, Lock gate)
    {
        _options = options;
        _clock = clock;
        _gate = gate;
    }

    /// <summary>Adds an alarm, or moves an existing one to <paramref name="state"/> (OK, ALARM, INSUFFICIENT_DATA).</summary>
    public void SetAlarm(string name, string state, string reason = "Threshold Crossed")
    {
        if (!States.Contains(state))
        {
            throw new ArgumentException($"An alarm's state is one of {string.Join(", ", States)}.", nameof(state));
        }

        lock (_gate)
        {
            _alarms.RemoveAll(a => a.Name == name);
            _alarms.Add(new FakeAlarm(name, state, reason, _clock.Next()));
        }
    }

    internal object?[] Handle(string operation, Dictionary<string, string> form) => operation switch
    {
        "DescribeAlarms" => DescribeAlarms(form),
        _ => throw new FakeAwsException("InvalidAction", $"Could not find operation {operation} for version 2010-08-01", 400),
    };

    private object?[] DescribeAlarms(Dictionary<string, string> form)
    {
        var prefix = form.GetValueOrDefault("AlarmNamePrefix");
        var state = form.GetValueOrDefault("StateValue");
        if (state is not null && !States.Contains(state))
        {
            throw new FakeAwsException("ValidationError", $"1 validation error detected: Value '{state}' at 'stateValue' failed to satisfy constraint: Member must satisfy enum value set: [INSUFFICIENT_DATA, ALARM, OK]");
        }

        var size = form.TryGetValue("MaxRecords", out var max) ? int.Parse(max, CultureInfo.InvariantCulture) : 50;
        if (size is < 1 or > 100)
        {
            throw new FakeAwsException("ValidationError", "1 validation error detected: Value at 'maxRecords' failed to satisfy constraint: Member must have value between 1 and 100");
        }

        var matching = _alarms.Where(a => (prefix is null || a.Name.StartsWith(prefix, StringComparison.Ordinal)) && (state is null || a.State == state))
            .OrderBy(a => a.Name, StringComparer.Ordinal).ToList();
        var start = JsonWire.FromToken(form.GetValueOrDefault("NextToken"), "InvalidNextToken");
        var page = matching.Skip(start).Take(size).ToList();
        return
        [
            QueryWire.Members("MetricAlarms", page, a =>
            [
                QueryWire.E("AlarmName", a.Name),
                QueryWire.E("AlarmArn", $"arn:aws:cloudwatch:{_options.Region}:{_options.AccountId}:alarm:{a.Name}"),
                QueryWire.E("StateValue", a.State),
                QueryWire.E("StateReason", a.Reason),
                QueryWire.E("StateUpdatedTimestamp", a.Since),
            ]),
            QueryWire.Members("CompositeAlarms", Array.Empty<FakeAlarm>(), _ => []),
            QueryWire.E("NextToken", start + page.Count < matching.Count ? JsonWire.Token(start + page.Count) : null),
        ];
    }

    private sealed record FakeAlarm(string Name, string State, string Reason, DateTime Since);
}
