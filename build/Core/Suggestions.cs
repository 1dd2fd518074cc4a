namespace BuildCore;

/// <summary>"Did you mean" for mistyped targets and parameters: the closest known name by edit distance.</summary>
public static class Suggestions
{
    public static string DidYouMean(string given, IEnumerable<string> known)
    {
        var best = known
            .Select(k => (Name: k, Distance: Distance(given.ToUpperInvariant(), k.ToUpperInvariant())))
            .OrderBy(x => x.Distance)
            .FirstOrDefault();
        // Beyond about a third of the word the "suggestion" is noise.
        return best.Name is not null && best.Distance <= Math.Max(2, given.Length / 3) ? $" Did you mean {best.Name}?" : "";
    }

    internal static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j] + 1, current[j - 1] + 1));
            }
            previous = current;
        }
        return previous[b.Length];
    }
}
