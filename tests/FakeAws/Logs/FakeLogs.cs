using System.Globalization;
using System.Text.Json.Nodes;

namespace Platform.FakeAws;

/// <summary>
/// CloudWatch Logs' GetLogEvents (JSON 1.1, Logs_20140328) over streams that ECS tasks write: a container with the awslogs
/// driver writes to the stream "prefix-name/container-name/ecs-task-id" of its log group, as AWS documents; a task whose image
/// could not be pulled never ran and has no stream. What a container writes is its image's <see cref="FakeContainerBehaviour.LogLines"/>.
/// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/using_awslogs.html
/// https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_GetLogEvents.html
/// </summary>
public sealed class FakeLogs
{
    private readonly FakeEcs _ecs;

    internal FakeLogs(FakeEcs ecs) => _ecs = ecs;

    internal JsonObject Handle(string operation, JsonObject body) => operation switch
    {
        "GetLogEvents" => GetLogEvents(body),
        _ => throw new FakeAwsException("UnknownOperationException", $"Unknown operation {operation}"),
    };

    private JsonObject GetLogEvents(JsonObject body)
    {
        var group = body.Str("logGroupName") ?? throw Missing("logGroupName");
        var stream = body.Str("logStreamName") ?? throw Missing("logStreamName");
        var limit = body.Int("limit") ?? 10_000;
        if (limit is < 1 or > 10_000)
        {
            throw new FakeAwsException("InvalidParameterException", $"1 validation error detected: Value '{limit}' at 'limit' failed to satisfy constraint: Member must have value between 1 and 10000");
        }

        var streams = Streams().Where(s => s.Group == group).ToList();
        if (streams.Count == 0)
        {
            throw new FakeAwsException("ResourceNotFoundException", "The specified log group does not exist.");
        }

        var index = streams.FindIndex(s => s.Name == stream);
        if (index < 0)
        {
            throw new FakeAwsException("ResourceNotFoundException", "The specified log stream does not exist.");
        }

        var found = streams[index];
        var lines = found.Lines;
        // Without startFromHead the newest events come back (still oldest first within the page).
        var fromHead = body.Bool("startFromHead") == true;
        var start = body.Str("nextToken") is { } token ? int.Parse(token[2..], CultureInfo.InvariantCulture) : fromHead ? 0 : Math.Max(0, lines.Count - limit);
        var page = lines.Skip(start).Take(limit).ToList();
        var events = new JsonArray(page.Select((line, i) =>
        {
            var at = (long)(found.StartedAt.AddMilliseconds(100 * (start + i)) - DateTime.UnixEpoch).TotalMilliseconds;
            return (JsonNode)new JsonObject { ["timestamp"] = at, ["message"] = line, ["ingestionTime"] = at + 200 };
        }).ToArray());
        return new JsonObject
        {
            ["events"] = events,
            ["nextForwardToken"] = $"f/{(start + page.Count).ToString(CultureInfo.InvariantCulture)}",
            ["nextBackwardToken"] = $"b/{Math.Max(0, start - limit).ToString(CultureInfo.InvariantCulture)}",
        };
    }

    private IEnumerable<(string Group, string Name, DateTime StartedAt, IReadOnlyList<string> Lines)> Streams()
    {
        foreach (var task in _ecs.AllTasks.Where(t => t.StartedRunning))
        {
            foreach (var container in _ecs.Containers(task.TaskDefinition).Where(c => c.LogGroup is not null))
            {
                yield return (container.LogGroup!, $"{container.StreamPrefix}/{container.Name}/{task.Arn[(task.Arn.LastIndexOf('/') + 1)..]}", task.StartedAt, _ecs.LogLines(container.Image));
            }
        }
    }

    private static FakeAwsException Missing(string member) =>
        new("InvalidParameterException", $"1 validation error detected: Value null at '{member}' failed to satisfy constraint: Member must not be null");
}
