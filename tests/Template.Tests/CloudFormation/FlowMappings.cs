using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Platform.Template.Tests.CloudFormation;

/// <summary>Finds flow mappings ({a: 1, b: 2}) that put more than one of their properties on one line.</summary>
public static class FlowMappings
{
    /// <summary>The 1-based lines holding two or more properties of the same flow mapping.</summary>
    public static IReadOnlyList<long> LinesWithSeveralProperties(string yaml)
    {
        var crowded = new SortedSet<long>();
        var open = new Stack<Collection>();
        var parser = new Parser(new StringReader(yaml));
        while (parser.MoveNext())
        {
            var current = parser.Current!;
            // A node in a mapping alternates key, value; a key of a flow mapping must not share its line with a sibling key.
            if (current is NodeEvent && open.TryPeek(out var parent) && parent.IsMapping)
            {
                if (parent.ExpectsKey && parent.IsFlow && !parent.KeyLines.Add(current.Start.Line))
                    crowded.Add(current.Start.Line);
                parent.ExpectsKey = !parent.ExpectsKey;
            }

            switch (current)
            {
                case MappingStart mapping:
                    open.Push(new Collection(IsMapping: true, IsFlow: mapping.Style == MappingStyle.Flow));
                    break;
                case SequenceStart:
                    open.Push(new Collection(IsMapping: false, IsFlow: false));
                    break;
                case MappingEnd or SequenceEnd:
                    open.Pop();
                    break;
            }
        }

        return [.. crowded];
    }

    sealed record Collection(bool IsMapping, bool IsFlow)
    {
        public bool ExpectsKey { get; set; } = true;

        public HashSet<long> KeyLines { get; } = [];
    }
}
