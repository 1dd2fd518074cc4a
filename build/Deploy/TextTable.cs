using System.Text;

namespace Platform.Build.Deploy;

/// <summary>A plain fixed-width table: readable in a terminal, in CI logs and in test assertions alike.</summary>
internal static class TextTable
{
    public static string Format(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        var all = rows.ToList();
        var widths = headers.Select((h, i) => Math.Max(h.Length, all.Count == 0 ? 0 : all.Max(r => r[i].Length))).ToList();
        var text = new StringBuilder();
        void Line(IReadOnlyList<string> cells) =>
            text.AppendLine(string.Join("  ", cells.Select((c, i) => i == cells.Count - 1 ? c : c.PadRight(widths[i]))).TrimEnd());
        Line(headers);
        Line(widths.Select(w => new string('-', w)).ToList());
        foreach (var row in all)
            Line(row);
        return text.ToString().TrimEnd();
    }
}
