using System.Globalization;
using Spectre.Console;

namespace BuildCore;

/// <summary>Help, plan and summary output.</summary>
internal static class Reports
{
    public static void WriteHelp(IAnsiConsole console, BuildBase build, TargetGraph graph, IReadOnlyList<ParameterDescriptor> parameters, string? defaultTarget)
    {
        console.WriteLine("Usage: ./build.sh [targets...] [--skip [targets...]] [--plan] [--help] [--<parameter> <value>...]");
        console.WriteLine();

        var targets = new Table().Title("Targets").AddColumns("Target", "Description", "Depends on");
        // Dependencies first, so the table reads as the pipeline.
        foreach (var target in graph.Plan(graph.Targets.Select(t => t.Name).ToList(), skip: null).Select(p => p.Target))
        {
            var name = target.Name == defaultTarget ? $"{target.Name} (default)" : target.Name;
            targets.AddRow(Markup.Escape(name), Markup.Escape(target.Description ?? ""), Markup.Escape(string.Join(", ", target.DependsOn)));
        }
        console.Write(targets);

        var table = new Table().Title("Parameters").AddColumns("Parameter", "Description", "Default", "Environment variables", "Profile key");
        foreach (var parameter in parameters)
        {
            // A secret's default is not shown at all, not even masked: its length would leak.
            var value = parameter.IsSecret ? "(secret)" : ValueConverter.Format(parameter.GetValue(build));
            table.AddRow(
                Markup.Escape(parameter.Flag),
                Markup.Escape(parameter.Description),
                Markup.Escape(value),
                Markup.Escape(string.Join(", ", parameter.EnvironmentVariables)),
                Markup.Escape(parameter.Name));
        }
        console.Write(table);
        console.WriteLine("A parameter's value comes from, in order: the command line, the environment variable,");
        console.WriteLine(".nuke/parameters.<env>.json (chosen by --env), .nuke/parameters.json, the default.");
    }

    public static void WritePlan(IAnsiConsole console, IReadOnlyList<PlannedTarget> plan, IReadOnlyList<BuildEngine.MissingRequirement> missing)
    {
        console.WriteLine("Execution plan (nothing is run):");
        for (var i = 0; i < plan.Count; i++)
        {
            var name = plan[i].Target.Name;
            var notes = plan[i].Skipped ? " (skipped)" : "";
            var needs = missing.Where(m => m.Target == name).Select(m => m.Descriptor?.Flag ?? m.Parameter).ToList();
            if (needs.Count > 0)
                notes += $" (missing {string.Join(", ", needs)})";
            console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {i + 1}. {name}{notes}"));
        }
    }

    public static void WriteSummary(
        IAnsiConsole console,
        IReadOnlyList<(string Name, TargetStatus Status, TimeSpan Duration)> results,
        TargetStatus outcome,
        TimeSpan total,
        IReadOnlyDictionary<string, IReadOnlyList<(string Name, TimeSpan Duration)>>? phases = null)
    {
        console.WriteLine();
        var table = new Table().AddColumns("Target", "Status", "Duration");
        foreach (var (name, status, duration) in results)
        {
            var colour = status switch
            {
                TargetStatus.Succeeded => "green",
                TargetStatus.Failed => "red",
                TargetStatus.Cancelled or TargetStatus.Stopped => "yellow",
                _ => "grey",
            };
            table.AddRow(Markup.Escape(name), $"[{colour}]{status}[/]", status is TargetStatus.Succeeded or TargetStatus.Failed or TargetStatus.Cancelled or TargetStatus.Stopped ? Format(duration) : "");
            foreach (var (phase, phaseDuration) in phases?.GetValueOrDefault(name) ?? [])
                table.AddRow($"[grey]  {Markup.Escape(phase)}[/]", "", $"[grey]{Format(phaseDuration)}[/]");
        }
        table.AddRow("[bold]Total[/]", "", Format(total));
        console.Write(table);
        var verdict = outcome switch
        {
            TargetStatus.Succeeded => "[green]Build succeeded[/]",
            TargetStatus.Cancelled => "[yellow]Build cancelled[/]",
            TargetStatus.Stopped => "[yellow]Build stopped for review[/]",
            _ => "[red]Build failed[/]",
        };
        console.MarkupLine($"{verdict} in {Format(total)}");
    }

    static string Format(TimeSpan duration) =>
        duration.TotalMinutes >= 1
            ? duration.ToString(@"m\:ss", CultureInfo.InvariantCulture)
            : string.Create(CultureInfo.InvariantCulture, $"{duration.TotalSeconds:0.0} s");
}
