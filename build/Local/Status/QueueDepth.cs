using System.Globalization;
using Amazon.SQS.Model;

namespace Platform.Build.Local.Status;

/// <summary>A count from GetQueueAttributes. SDK v4 leaves Attributes null when the answer has none, and its typed getters throw then.</summary>
public static class QueueDepth
{
    public static int Read(GetQueueAttributesResponse attributes, string attribute) =>
        attributes?.Attributes?.TryGetValue(attribute, out var value) == true && int.TryParse(value, CultureInfo.InvariantCulture, out var count) ? count : 0;
}
