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
