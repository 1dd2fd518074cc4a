using System.Diagnostics;
using System.Linq.Expressions;
using Spectre.Console;

namespace BuildCore;

public enum TargetStatus
{
    NotRun,
    Skipped,
    Succeeded,
    Failed,
    Cancelled,
    Stopped,
}

/// <summary>One run: parse, bind parameters, plan, check requirements, execute, summarize.</summary>
public static class BuildEngine
{
    public const int CancelledExitCode = 130;

    public static async Task<int> RunAsync(BuildBase build, IReadOnlyList<string> args, BuildHost host, string? defaultTarget)
    {
        ArgumentNullException.ThrowIfNull(build);
        ArgumentNullException.ThrowIfNull(host);
        var redactor = new Redactor();
        using var writer = new RedactingWriter(host.Out, redactor);
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = host.Ansi ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = host.Ansi ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = host.Width ?? (Console.IsOutputRedirected ? 160 : Math.Max(80, Console.WindowWidth));
        build.RootDirectory = new AbsolutePath(host.RootDirectory);
        build.Output = console;
        build.OutputWriter = writer;
        build.Redactor = redactor;
        build.EnvironmentVariable = host.GetEnvironmentVariable;

        try
        {
            var graph = TargetGraph.Discover(build);
            var parameters = ParameterDescriptor.Discover(build.GetType());
            var commandLine = CommandLine.Parse(args, parameters);
            var nukeDirectory = Path.Combine(host.RootDirectory, ".nuke");

            if (commandLine.Help)
            {
                Reports.WriteHelp(console, build, graph, parameters, defaultTarget);
                return 0;
            }
            if (commandLine.GenerateSchema)
            {
                var schemaFile = Path.Combine(nukeDirectory, "build.schema.json");
                await File.WriteAllTextAsync(schemaFile, SchemaGenerator.Generate(parameters));
                console.WriteLine($"Wrote {Path.GetRelativePath(host.RootDirectory, schemaFile)}");
                return 0;
            }

            new ParameterBinder(parameters, host.GetEnvironmentVariable, nukeDirectory).Bind(build, commandLine, redactor);

            var requested = commandLine.Targets.Count > 0 ? commandLine.Targets
                : defaultTarget is not null ? [defaultTarget]
                : [];
            if (requested.Count == 0)
            {
                Reports.WriteHelp(console, build, graph, parameters, defaultTarget);
                return 0;
            }

            var plan = graph.Plan(requested, commandLine.Skip);
            var missing = MissingRequirements(plan, parameters);
            if (commandLine.Plan)
            {
                Reports.WritePlan(console, plan, missing);
                return 0;
            }
            if (missing.Count > 0)
            {
                throw new BuildException(string.Join(Environment.NewLine, missing.Select(m =>
                    $"Target {m.Target} requires parameter {m.Parameter}{(m.WhenText is null ? "" : $" when {m.WhenText}")}. Set it with " +
                    (m.Descriptor?.Sources(ParameterBinder.ProfileHint) ?? "its declaration") + ".")));
            }

            CheckParametersAreRead(plan, parameters, commandLine);
            // Input checks of every planned target, once each, before the first target runs.
            foreach (var check in plan.Where(p => !p.Skipped).SelectMany(p => p.Target.Checks).Distinct())
            {
                if (check is Func<CancellationToken, Task> asynchronous)
                    await asynchronous(host.CancellationToken);
                else
                    ((Action)check)();
            }

            return await ExecuteAsync(build, console, writer, plan, host.CancellationToken);
        }
        catch (BuildException e)
        {
            console.MarkupLine($"[red]error:[/] {Markup.Escape(e.Message)}");
            return 1;
        }
    }

    /// <summary>A parameter given on the command line that no target of this run reads is a mistake, not something to ignore.</summary>
    static void CheckParametersAreRead(IReadOnlyList<PlannedTarget> plan, IReadOnlyList<ParameterDescriptor> parameters, CommandLine commandLine)
    {
        var running = plan.Where(p => !p.Skipped).Select(p => p.Target.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var parameter in parameters.Where(p => p.ReadBy.Count > 0 && commandLine.Values.ContainsKey(p.Name)))
        {
            if (parameter.ReadBy.Any(running.Contains))
                continue;
            var skipped = parameter.ReadBy.Where(t => plan.Any(p => p.Skipped && p.Target.Name == t)).ToList();
            throw new BuildException(
                $"{parameter.Flag} is read only by {string.Join(", ", parameter.ReadBy)}, and this run " +
                (skipped.Count > 0 ? $"skips {string.Join(", ", skipped)}" : "does not run " + (parameter.ReadBy.Count == 1 ? "it" : "any of them")) +
                $": remove {parameter.Flag}, or run {parameter.ReadBy[0]}.");
        }
    }

    internal sealed record MissingRequirement(string Target, string Parameter, ParameterDescriptor? Descriptor, string? WhenText = null);

    static List<MissingRequirement> MissingRequirements(IReadOnlyList<PlannedTarget> plan, IReadOnlyList<ParameterDescriptor> parameters)
    {
        var missing = new List<MissingRequirement>();
        foreach (var planned in plan.Where(p => !p.Skipped))
        {
            foreach (var (requirement, when, whenText) in planned.Target.Requirements)
            {
                if (when is not null && !when())
                    continue;
                var body = requirement.Body is UnaryExpression { NodeType: ExpressionType.Convert } convert ? convert.Operand : requirement.Body;
                var name = body is MemberExpression member ? member.Member.Name : requirement.Body.ToString();
                if (!ValueConverter.HasValue(requirement.Compile()()))
                    missing.Add(new MissingRequirement(planned.Target.Name, name, parameters.FirstOrDefault(p => p.Name == name), whenText));
            }
        }
        return missing;
    }

    static async Task<int> ExecuteAsync(BuildBase build, IAnsiConsole console, TextWriter writer, IReadOnlyList<PlannedTarget> plan, CancellationToken cancellationToken)
    {
        var results = plan.Select(p => (p.Target.Name, Status: p.Skipped ? TargetStatus.Skipped : TargetStatus.NotRun, Duration: TimeSpan.Zero)).ToList();
        var total = Stopwatch.StartNew();
        var stopExitCode = 0;
        var phases = new Dictionary<string, IReadOnlyList<(string Name, TimeSpan Duration)>>(StringComparer.Ordinal);
        for (var i = 0; i < plan.Count; i++)
        {
            if (plan[i].Skipped)
                continue;
            if (cancellationToken.IsCancellationRequested)
                break;

            console.Write(new Rule($"[bold]{Markup.Escape(plan[i].Target.Name)}[/]").LeftJustified());
            var stopwatch = Stopwatch.StartNew();
            var status = TargetStatus.Succeeded;
            try
            {
                foreach (var action in plan[i].Target.Actions)
                    await action(cancellationToken);
            }
            catch (StopBuildException e)
            {
                status = TargetStatus.Stopped;
                stopExitCode = e.ExitCode;
                console.MarkupLine($"[yellow]{Markup.Escape(plan[i].Target.Name)} stopped:[/] {Markup.Escape(e.Message)}");
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                status = TargetStatus.Cancelled;
                console.MarkupLine($"[yellow]{Markup.Escape(plan[i].Target.Name)} was cancelled.[/]");
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                status = TargetStatus.Failed;
                // Our own exceptions carry a complete message; anything else is a bug in a target, where the stack trace helps.
                var message = e is BuildException ? e.Message : e.ToString();
                console.MarkupLine($"[red]{Markup.Escape(plan[i].Target.Name)} failed:[/] {Markup.Escape(message)}");
            }
            results[i] = (plan[i].Target.Name, status, stopwatch.Elapsed);
            phases[plan[i].Target.Name] = build.TakePhases();
            if (status != TargetStatus.Succeeded)
                break;
        }

        var outcome = results.Any(r => r.Status == TargetStatus.Failed) ? TargetStatus.Failed
            : results.Any(r => r.Status == TargetStatus.Cancelled) || cancellationToken.IsCancellationRequested ? TargetStatus.Cancelled
            : results.Any(r => r.Status == TargetStatus.Stopped) ? TargetStatus.Stopped
            : TargetStatus.Succeeded;
        Reports.WriteSummary(console, results, outcome, total.Elapsed, phases);
        await writer.FlushAsync(CancellationToken.None);
        return outcome switch
        {
            TargetStatus.Succeeded => 0,
            TargetStatus.Cancelled => CancelledExitCode,
            TargetStatus.Stopped => stopExitCode,
            _ => 1,
        };
    }
}
