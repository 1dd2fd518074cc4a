using System.Text;
using CliWrap;

namespace Platform.Build.Local.Docker;

/// <summary>What a docker command printed, and how it ended.</summary>
public sealed record DockerResult(int ExitCode, string StandardOutput, string StandardError, IReadOnlyList<string> LastLines)
{
    public bool Succeeded => ExitCode == 0;
}

/// <summary>
/// Runs <see cref="DockerCommand"/>s with the <c>docker</c> client first on PATH, which must build with BuildKit
/// (docs/local.md, "Tests and Docker").
/// </summary>
public class DockerCli(string executable = "docker")
{
    public const int TailLines = 30;

    public string Executable { get; } = executable;

    /// <summary>Runs the command; a non-zero exit is returned, not thrown. <paramref name="onLine"/> sees each output line as it comes.</summary>
    public virtual async Task<DockerResult> RunAsync(
        DockerCommand command, string? standardInput = null, Action<string>? onLine = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        var tail = new Queue<string>();
        var gate = new Lock();

        void Collect(StringBuilder buffer, string line)
        {
            lock (gate)
            {
                buffer.AppendLine(line);
                tail.Enqueue(line);
                if (tail.Count > TailLines)
                {
                    tail.Dequeue();
                }
            }

            onLine?.Invoke(line);
        }

        var cli = Cli.Wrap(Executable)
            .WithArguments(command.Arguments)
            .WithEnvironmentVariables(command.Environment.ToDictionary(e => e.Key, e => (string?)e.Value))
            .WithValidation(CommandResultValidation.None)
            .WithStandardOutputPipe(PipeTarget.ToDelegate(line => Collect(stdout, line)))
            .WithStandardErrorPipe(PipeTarget.ToDelegate(line => Collect(stderr, line)));
        if (standardInput is not null)
        {
            cli = cli.WithStandardInputPipe(PipeSource.FromString(standardInput));
        }

        try
        {
            var result = await cli.ExecuteAsync(cancellationToken);
            lock (gate)
            {
                return new DockerResult(result.ExitCode, stdout.ToString(), stderr.ToString(), [.. tail]);
            }
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            throw new PlatformException($"the docker client '{Executable}' could not be started ({exception.Message}); install Docker or put its client on PATH", exception);
        }
    }

    /// <summary>Runs the command and fails with its last output lines when it exits non-zero.</summary>
    public async Task<string> RunCheckedAsync(DockerCommand command, string? standardInput = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        var result = await RunAsync(command, standardInput, null, cancellationToken);
        if (!result.Succeeded)
        {
            throw new PlatformException($"'{command}' failed (exit {result.ExitCode}):{Environment.NewLine}{Indent(result.LastLines)}");
        }

        return result.StandardOutput;
    }

    internal static string Indent(IEnumerable<string> lines) => string.Join(Environment.NewLine, lines.Select(l => "  " + l));
}
