using System.Text;
using System.Text.RegularExpressions;

namespace BuildTests.Docs;

/// <summary>The relative links of Markdown files, and which of them point nowhere (a missing file or heading).</summary>
internal static partial class MarkdownLinks
{
    /// <summary>README.md and every Markdown file under docs/, as paths relative to <paramref name="root"/>.</summary>
    public static IReadOnlyList<string> DocumentationFiles(string root)
    {
        var docs = Path.Combine(root, "docs");
        var files = Directory.Exists(docs) ? Directory.GetFiles(docs, "*.md", SearchOption.AllDirectories) : [];
        return [.. new[] { Path.Combine(root, "README.md") }.Concat(files).Select(f => Path.GetRelativePath(root, f)).Order(StringComparer.Ordinal)];
    }

    /// <summary>Each broken relative link as <c>file: target (why)</c>; links to web addresses are not followed.</summary>
    public static IReadOnlyList<string> Broken(string root, string file)
    {
        var path = Path.Combine(root, file);
        var broken = new List<string>();
        foreach (var target in RelativeTargets(File.ReadAllLines(path)))
        {
            var (pathPart, fragment) = target.IndexOf('#', StringComparison.Ordinal) is var hash and >= 0 ? (target[..hash], target[(hash + 1)..]) : (target, "");
            var linked = pathPart.Length == 0 ? path : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, Uri.UnescapeDataString(pathPart)));
            if (!File.Exists(linked) && !Directory.Exists(linked))
                broken.Add($"{file}: {target} (no such file)");
            else if (fragment.Length > 0 && File.Exists(linked) && !Anchors(File.ReadAllLines(linked)).Contains(fragment))
                broken.Add($"{file}: {target} (no such heading)");
        }
        return broken;
    }

    /// <summary>Link targets outside fenced code blocks that are not web or mail addresses.</summary>
    public static IEnumerable<string> RelativeTargets(IEnumerable<string> lines) =>
        OutsideCode(lines).SelectMany(line => LinkPattern().Matches(line).Select(m => m.Groups["target"].Value))
            .Where(t => !t.Contains("://", StringComparison.Ordinal) && !t.StartsWith("mailto:", StringComparison.Ordinal));

    /// <summary>The anchors GitHub gives the headings: lower case, punctuation dropped, spaces as '-'.</summary>
    public static IReadOnlySet<string> Anchors(IEnumerable<string> lines)
    {
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in OutsideCode(lines).Where(l => l.StartsWith('#')))
        {
            var text = line.TrimStart('#').Trim().ToLowerInvariant();
            var slug = new StringBuilder();
            foreach (var c in text.Where(c => char.IsLetterOrDigit(c) || c is ' ' or '-' or '_'))
                slug.Append(c == ' ' ? '-' : c);
            var anchor = slug.ToString();
            for (var n = 1; !anchors.Add(anchor); n++)
                anchor = $"{slug}-{n}";
        }
        return anchors;
    }

    static IEnumerable<string> OutsideCode(IEnumerable<string> lines)
    {
        var inCode = false;
        foreach (var line in lines)
        {
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal))
                inCode = !inCode;
            else if (!inCode)
                yield return line;
        }
    }

    // [text](target) or ![alt](target), the target up to the first space or ')'; inline code spans are not links.
    [GeneratedRegex(@"(?<!`)\[[^\]]*\]\((?<target>[^)\s]+)(?:\s+""[^""]*"")?\)")]
    private static partial Regex LinkPattern();
}
