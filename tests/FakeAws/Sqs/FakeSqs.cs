using System.Globalization;
using System.Text.Json.Nodes;

namespace Platform.FakeAws;

/// <summary>
/// SQS over its JSON protocol (target prefix AmazonSQS, PascalCase members), as AWSSDK.SQS 4 speaks it: GetQueueUrl and
/// GetQueueAttributes. A queue holds messages; a message a consumer has received and not deleted is in flight. The counts
/// SQS reports come from what the queue holds: ApproximateNumberOfMessages (visible), ApproximateNumberOfMessagesNotVisible
/// (in flight). https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_GetQueueAttributes.html
/// </summary>
public sealed class FakeSqs
{
    private readonly FakeAwsOptions _options;
    private readonly Lock _gate;
    private readonly Dictionary<string, FakeQueue> _queues = new(StringComparer.Ordinal);

    internal FakeSqs(FakeAwsOptions options, Lock gate)
    {
        _options = options;
        _gate = gate;
    }

    /// <summary>Creates the queue (if new) and returns its URL, https://sqs.&lt;region&gt;.amazonaws.com/&lt;account&gt;/&lt;name&gt;.</summary>
    public string CreateQueue(string name)
    {
        lock (_gate)
        {
            _queues.TryAdd(name, new FakeQueue());
            return Url(name);
        }
    }

    /// <summary>A producer sends <paramref name="count"/> messages: they wait, visible.</summary>
    public void Send(string queue, int count = 1)
    {
        lock (_gate)
        {
            Queue(queue).Visible += count;
        }
    }

    /// <summary>A consumer receives up to <paramref name="count"/> messages and has not deleted them yet: they are in flight.</summary>
    public void Receive(string queue, int count = 1)
    {
        lock (_gate)
        {
            var held = Queue(queue);
            var taken = Math.Min(count, held.Visible);
            held.Visible -= taken;
            held.InFlight += taken;
        }
    }

    internal JsonObject Handle(string operation, JsonObject body) => operation switch
    {
        "GetQueueUrl" => GetQueueUrl(body),
        "GetQueueAttributes" => GetQueueAttributes(body),
        _ => throw new FakeAwsException("UnsupportedOperation", $"Unknown operation {operation}"),
    };

    private JsonObject GetQueueUrl(JsonObject body)
    {
        var name = body.Str("QueueName") ?? throw new FakeAwsException("MissingParameter", "The request must contain the parameter QueueName.");
        return _queues.ContainsKey(name)
            ? new JsonObject { ["QueueUrl"] = Url(name) }
            : throw new FakeAwsException("QueueDoesNotExist", "The specified queue does not exist.");
    }

    private JsonObject GetQueueAttributes(JsonObject body)
    {
        var url = body.Str("QueueUrl") ?? throw new FakeAwsException("MissingParameter", "The request must contain the parameter QueueUrl.");
        var name = url[(url.LastIndexOf('/') + 1)..];
        if (url != Url(name) || !_queues.TryGetValue(name, out var queue))
        {
            throw new FakeAwsException("QueueDoesNotExist", "The specified queue does not exist.");
        }

        var all = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["ApproximateNumberOfMessages"] = queue.Visible.ToString(CultureInfo.InvariantCulture),
            ["ApproximateNumberOfMessagesNotVisible"] = queue.InFlight.ToString(CultureInfo.InvariantCulture),
            ["ApproximateNumberOfMessagesDelayed"] = "0",
            ["QueueArn"] = $"arn:aws:sqs:{_options.Region}:{_options.AccountId}:{name}",
        };
        var asked = body.Strings("AttributeNames");
        var attributes = new JsonObject();
        foreach (var (key, value) in all.Where(a => asked.Contains("All") || asked.Contains(a.Key)))
        {
            attributes[key] = value;
        }

        // SQS leaves Attributes out when none was asked for.
        return attributes.Count == 0 ? [] : new JsonObject { ["Attributes"] = attributes };
    }

    private FakeQueue Queue(string name) =>
        _queues.TryGetValue(name, out var queue) ? queue : throw new InvalidOperationException($"The fake SQS has no queue {name}; CreateQueue it first.");

    private string Url(string name) => $"https://sqs.{_options.Region}.amazonaws.com/{_options.AccountId}/{name}";

    private sealed class FakeQueue
    {
        public int Visible { get; set; }

        public int InFlight { get; set; }
    }
}
