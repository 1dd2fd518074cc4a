using System.Linq.Expressions;
using Spectre.Console;

namespace BuildCore;

/// <summary>Nuke's <c>NukeBuild</c>, in small: the base of the <c>Build</c> class and its entry point.</summary>
public abstract class BuildBase
{
    [Parameter("Environment whose profile .nuke/parameters.<env>.json is read (local, dev, staging, prod).")]
    protected string? Env { get; }

    /// <summary>The repository root (the directory holding <c>.nuke/</c>).</summary>
    public AbsolutePath RootDirectory { get; internal set; } = new(Directory.GetCurrentDirectory());

    /// <summary>Console output; every line is redacted of secret values.</summary>
    protected internal IAnsiConsole Output { get; internal set; } = AnsiConsole.Console;

    internal Redactor Redactor { get; set; } = new();

    /// <summary>
    /// Reads an environment variable through the host, so tests can run builds in parallel with their own variables
    /// (AWS endpoints and keys) instead of mutating the process.
    /// </summary>
    protected internal Func<string, string?> EnvironmentVariable { get; internal set; } = Environment.GetEnvironmentVariable;

    internal TextWriter OutputWriter { get; set; } = Console.Out;

    /// <summary>Console output as a <see cref="TextWriter"/> for libraries the targets call; every line is redacted too.</summary>
    protected TextWriter Log => OutputWriter;

    /// <summary>Masks <paramref name="value"/> in every line of output from now on (a token fetched at run time, say).</summary>
    protected void AddSecret(string value) => Redactor.Add(value);

    readonly List<(string Name, TimeSpan Duration)> _phases = [];

    /// <summary>A phase inside the running target (e.g. DeployStack's change set, execution, rollouts): a row under it in the end-of-run table.</summary>
    protected void ReportPhase(string name, TimeSpan duration)
    {
        lock (_phases)
            _phases.Add((name, duration));
    }

    /// <summary>The phases reported since the last call, for the engine's table.</summary>
    internal IReadOnlyList<(string Name, TimeSpan Duration)> TakePhases()
    {
        lock (_phases)
        {
            var taken = _phases.ToList();
            _phases.Clear();
            return taken;
        }
    }

    /// <summary>True on CI (the CI variable is set by GitHub Actions and most CI systems).</summary>
    protected static bool IsServerBuild => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI"));

    /// <summary>Runs a tool with its output streamed live and redacted; a non-zero exit fails the target. Returns the standard output.</summary>
    protected Task<string> RunToolAsync(
        string tool,
        IEnumerable<string> arguments,
        CancellationToken cancellationToken,
        string? workingDirectory = null,
        IReadOnlyDictionary<string, string?>? environment = null) =>
        ToolRunner.RunAsync(OutputWriter, Redactor, tool, arguments, workingDirectory ?? RootDirectory, environment, cancellationToken);

    /// <summary>Runs a tool with its output written to <paramref name="logFile"/> instead of the console; returns the exit code.</summary>
    protected Task<int> RunToolToFileAsync(
        string tool, IEnumerable<string> arguments, AbsolutePath logFile, CancellationToken cancellationToken, IReadOnlyDictionary<string, string?>? environment = null) =>
        ToolRunner.RunToFileAsync(tool, arguments, RootDirectory, logFile, cancellationToken, environment);

    /// <summary>The entry point: <c>static int Main(string[] args) => Execute&lt;Build&gt;(args, x => x.Compile);</c></summary>
    protected static int Execute<T>(string[] args, Expression<Func<T, Target>> defaultTarget)
        where T : BuildBase, new()
    {
        using var cancellation = new CancellationTokenSource();
        void OnCancel(object? sender, ConsoleCancelEventArgs e)
        {
            // First Ctrl+C: cancel the running target and print the summary; a second one ends the process at once.
            if (cancellation.IsCancellationRequested)
                return;
            e.Cancel = true;
            cancellation.Cancel();
        }

        Console.CancelKeyPress += OnCancel;
        try
        {
            var host = new BuildHost
            {
                Out = Console.Out,
                RootDirectory = BuildHost.FindRootDirectory(Directory.GetCurrentDirectory()),
                CancellationToken = cancellation.Token,
                Ansi = !Console.IsOutputRedirected,
            };
            return BuildEngine.RunAsync(new T(), args, host, DefaultTargetName(defaultTarget)).GetAwaiter().GetResult();
        }
        catch (BuildException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 1;
        }
        finally
        {
            Console.CancelKeyPress -= OnCancel;
        }
    }

    internal static string DefaultTargetName<T>(Expression<Func<T, Target>> defaultTarget) =>
        defaultTarget.Body is MemberExpression member
            ? member.Member.Name
            : throw new BuildException("The default target must be written as x => x.SomeTarget.");
}
