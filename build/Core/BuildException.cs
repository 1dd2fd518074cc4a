namespace BuildCore;

/// <summary>Bad input or a failed step: the engine prints the message alone, never a stack trace.</summary>
public class BuildException : Exception
{
    public BuildException(string message) : base(message) { }

    public BuildException(string message, Exception inner) : base(message, inner) { }

    public BuildException() { }
}

/// <summary>A child process exited with a non-zero code.</summary>
public sealed class ToolFailedException(string commandLine, int exitCode)
    : BuildException($"'{commandLine}' exited with code {exitCode}.")
{
    public string CommandLine { get; } = commandLine;
    public int ExitCode { get; } = exitCode;
}

/// <summary>
/// A target stops the run on purpose, with a documented exit code other than 1 (e.g. 2: a change set waits for a human's
/// approval). The engine prints the message, marks the target Stopped and runs nothing after it.
/// </summary>
public sealed class StopBuildException(string message, int exitCode) : BuildException(message)
{
    public int ExitCode { get; } = exitCode > 1 ? exitCode : throw new ArgumentOutOfRangeException(nameof(exitCode), "0 is success and 1 is failure.");
}
