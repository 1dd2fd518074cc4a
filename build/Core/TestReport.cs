using System.Globalization;
using Spectre.Console;

namespace BuildCore;

/// <summary>Prints test results: a table per assembly, the failed tests by name, and the line CI reads.</summary>
public static class TestReport
{
    const int MessageLines = 12;

    public static (int Passed, int Failed, int Skipped) Write(IAnsiConsole console, IReadOnlyList<TrxSummary> summaries)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(summaries);
        var table = new Table().Title("Test results").AddColumns("Assembly", "Passed", "Failed", "Skipped");
        foreach (var summary in summaries.OrderBy(s => s.Assembly, StringComparer.Ordinal))
        {
            table.AddRow(
                Markup.Escape(summary.Assembly),
                Number(summary.Passed),
                summary.Failed > 0 ? $"[red]{Number(summary.Failed)}[/]" : Number(summary.Failed),
                Number(summary.Skipped));
        }
        console.Write(table);

        foreach (var summary in summaries)
            foreach (var failed in summary.Results.Where(r => TrxSummary.IsFailure(r.Outcome)))
            {
                console.MarkupLine($"[red]Failed:[/] {Markup.Escape(summary.Assembly)}: {Markup.Escape(failed.Name)}");
                // The message says why; the whole output, stack traces included, is in the project's log.
                foreach (var line in (failed.Message ?? "").Split('\n').Select(l => l.TrimEnd()).Where(l => l.Length > 0).Take(MessageLines))
                    console.WriteLine("    " + line);
            }

        var totals = (summaries.Sum(s => s.Passed), summaries.Sum(s => s.Failed), summaries.Sum(s => s.Skipped));
        // A plain line of fixed shape: CI greps for it.
        console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Tests: {totals.Item1} passed, {totals.Item2} failed, {totals.Item3} skipped"));
        return totals;
    }

    /// <summary>The same results as Markdown, for GitHub's job summary ($GITHUB_STEP_SUMMARY).</summary>
    public static string ToMarkdown(IReadOnlyList<TrxSummary> summaries)
    {
        ArgumentNullException.ThrowIfNull(summaries);
        var text = new System.Text.StringBuilder();
        text.AppendLine("### Test results").AppendLine();
        text.AppendLine("| Assembly | Passed | Failed | Skipped |").AppendLine("|---|---:|---:|---:|");
        foreach (var summary in summaries.OrderBy(s => s.Assembly, StringComparer.Ordinal))
            text.AppendLine(CultureInfo.InvariantCulture, $"| {summary.Assembly} | {summary.Passed} | {summary.Failed} | {summary.Skipped} |");
        var failures = summaries.SelectMany(s => s.Results.Where(r => TrxSummary.IsFailure(r.Outcome)).Select(r => $"- `{s.Assembly}`: {r.Name}")).ToList();
        if (failures.Count > 0)
            text.AppendLine().AppendLine("Failed:").AppendJoin('\n', failures).AppendLine();
        return text.ToString();
    }

    static string Number(int n) => n.ToString(CultureInfo.InvariantCulture);
}
