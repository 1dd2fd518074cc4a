using System.Linq.Expressions;
using System.Reflection;

namespace BuildCore;

/// <summary>A discovered target with its edges resolved to names.</summary>
internal sealed record TargetNode(
    string Name,
    string? Description,
    IReadOnlyList<string> DependsOn,
    IReadOnlyList<string> Before,
    IReadOnlyList<string> After,
    IReadOnlyList<Requirement> Requirements,
    IReadOnlyList<Func<CancellationToken, Task>> Actions,
    IReadOnlyList<Delegate> Checks);

internal sealed record PlannedTarget(TargetNode Target, bool Skipped);

/// <summary>Every <see cref="Target"/> property of a build (across all its partial files), checked for cycles, and the plans over them.</summary>
internal sealed class TargetGraph
{
    readonly Dictionary<string, TargetNode> _byName;

    TargetGraph(IReadOnlyList<TargetNode> targets)
    {
        Targets = targets;
        _byName = targets.ToDictionary(t => t.Name, StringComparer.Ordinal);
        RejectCycles();
    }

    public IReadOnlyList<TargetNode> Targets { get; }

    public static TargetGraph Discover(object build)
    {
        const BindingFlags flags = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;
        var properties = build.GetType().GetProperties(flags).Where(p => p.PropertyType == typeof(Target) && p.GetIndexParameters().Length == 0).ToList();
        // A getter returns a new delegate on each call, but delegates over the same method and instance are Equal.
        var delegates = properties.Select(p => (Name: p.Name, Delegate: (Target)p.GetValue(build)!)).ToList();
        string NameOf(Target target) =>
            delegates.FirstOrDefault(d => d.Delegate.Equals(target)).Name
            ?? throw new BuildException("A target refers to a Target that is not a property of the build.");

        var nodes = delegates.Select(d =>
        {
            var definition = new TargetDefinition(d.Name);
            d.Delegate(definition);
            return new TargetNode(
                d.Name,
                definition.DescriptionText,
                definition.DependsOnTargets.Select(NameOf).Distinct().ToList(),
                definition.BeforeTargets.Select(NameOf).Distinct().ToList(),
                definition.AfterTargets.Select(NameOf).Distinct().ToList(),
                definition.Requirements,
                definition.Actions,
                definition.Checks);
        }).ToList();
        return new TargetGraph(nodes);
    }

    public TargetNode Find(string name) =>
        Targets.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new BuildException(
            $"Unknown target '{name}'.{Suggestions.DidYouMean(name, Targets.Select(t => t.Name))} Run ./build.sh --help for the list.");

    /// <param name="skip">null: skip nothing; empty: skip everything not asked for; names: skip those.</param>
    public IReadOnlyList<PlannedTarget> Plan(IReadOnlyList<string> requested, IReadOnlyList<string>? skip)
    {
        var roots = requested.Select(n => Find(n).Name).Distinct().ToList();
        var skipped = skip switch
        {
            null => [],
            [] => null,
            _ => skip.Select(n => Find(n).Name).ToHashSet(StringComparer.Ordinal),
        };

        var planned = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>(roots);
        while (pending.TryPop(out var name))
        {
            if (planned.Add(name))
                foreach (var dependency in _byName[name].DependsOn) pending.Push(dependency);
        }

        var order = new List<string>();
        var done = new HashSet<string>(StringComparer.Ordinal);
        void Visit(string name)
        {
            if (!done.Add(name))
                return;
            foreach (var predecessor in Predecessors(name).Where(planned.Contains))
                Visit(predecessor);
            order.Add(name);
        }
        foreach (var root in roots)
            Visit(root);

        return order
            .Select(n => new PlannedTarget(_byName[n], skipped is null ? !roots.Contains(n) : skipped.Contains(n)))
            .ToList();
    }

    /// <summary>What must come first: dependencies, After targets, and targets declaring Before this one; in declaration order.</summary>
    IEnumerable<string> Predecessors(string name) =>
        _byName[name].DependsOn
            .Concat(_byName[name].After)
            .Concat(Targets.Where(t => t.Before.Contains(name)).Select(t => t.Name))
            .Distinct();

    void RejectCycles()
    {
        // Depth-first over every edge kind; a node met again while still on the path closes a cycle.
        var state = new Dictionary<string, bool>(StringComparer.Ordinal); // false: on the path, true: finished
        var path = new List<string>();
        void Visit(string name)
        {
            if (state.TryGetValue(name, out var finished))
            {
                if (!finished)
                {
                    var cycle = path.Skip(path.IndexOf(name)).Append(name);
                    throw new BuildException($"The targets form a cycle (each waits for the next): {string.Join(" -> ", cycle)}. Remove one DependsOn/Before/After edge.");
                }
                return;
            }
            state[name] = false;
            path.Add(name);
            foreach (var predecessor in Predecessors(name))
                Visit(predecessor);
            path.RemoveAt(path.Count - 1);
            state[name] = true;
        }
        foreach (var target in Targets)
            Visit(target.Name);
    }
}
