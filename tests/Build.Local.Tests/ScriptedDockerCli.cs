using Platform.Build.Local.Docker;

namespace Platform.Build.Local.Tests;

/// <summary>
/// A docker client that records every command and answers from a script instead of running Docker: the script may
/// stream output lines (as BuildKit does) before it returns the result.
/// </summary>
internal sealed class ScriptedDockerCli(Func<DockerCommand, Action<string>, DockerResult> script) : DockerCli
{
    private readonly List<DockerCommand> _commands = [];

    public IReadOnlyList<DockerCommand> Commands
    {
        get
        {
            lock (_commands)
            {
                return [.. _commands];
            }
        }
    }

    public static DockerResult Ok(string standardOutput = "") => new(0, standardOutput, "", []);

    public static DockerResult Fail(int exitCode, params string[] lastLines) => new(exitCode, "", string.Join('\n', lastLines), lastLines);

    public override Task<DockerResult> RunAsync(DockerCommand command, string? standardInput = null, Action<string>? onLine = null, CancellationToken cancellationToken = default)
    {
        lock (_commands)
        {
            _commands.Add(command);
        }

        return Task.FromResult(script(command, onLine ?? (_ => { })));
    }
}
