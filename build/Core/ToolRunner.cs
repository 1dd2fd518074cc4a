using System.Text;
using CliWrap;

namespace BuildCore;

/// <summary>Runs a child process, streaming its output through the redacting writer.</summary>
internal static class ToolRunner
{
    public static async Task<string> RunAsync(
        TextWriter output,
        Redactor redactor,
        string tool,
        IEnumerable<string> arguments,
        string workingDirectory,
        IReadOnlyDictionary<string, string?>? environment,
        CancellationToken cancellationToken)
    {
        var standardOutput = new StringBuilder();
        var command = Cli.Wrap(tool)
            .WithArguments(arguments)
            .WithWorkingDirectory(workingDirectory)
            .WithValidation(CommandResultValidation.None)
            .WithStandardOutputPipe(PipeTarget.ToDelegate(line =>
            {
                lock (standardOutput) standardOutput.AppendLine(line);
                output.WriteLine(line);
            }))
            .WithStandardErrorPipe(PipeTarget.ToDelegate(output.WriteLine));
        if (environment is not null)
            command = command.WithEnvironmentVariables(environment);

        var commandLine = redactor.Redact($"{tool} {command.Arguments}");
        output.WriteLine($"> {commandLine}");
        CommandResult result;
        try
        {
            result = await command.ExecuteAsync(cancellationToken);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new BuildException($"Could not start '{tool}': {e.Message}. Is it installed and on PATH?", e);
        }

        if (result.ExitCode != 0)
            throw new ToolFailedException(commandLine, result.ExitCode);
        return standardOutput.ToString();
    }

    /// <summary>Runs a child process with standard output and error going to <paramref name="logFile"/>; returns the exit code.</summary>
    public static async Task<int> RunToFileAsync(
        string tool,
        IEnumerable<string> arguments,
        string workingDirectory,
        string logFile,
        CancellationToken cancellationToken,
        IReadOnlyDictionary<string, string?>? environment = null)
    {
        await using var log = new StreamWriter(logFile);
        var gate = new object();
        void Write(string line)
        {
            lock (gate) log.WriteLine(line);
        }

        try
        {
            var result = await Cli.Wrap(tool)
                .WithArguments(arguments)
                .WithWorkingDirectory(workingDirectory)
                .WithEnvironmentVariables(environment ?? new Dictionary<string, string?>())
                .WithValidation(CommandResultValidation.None)
                .WithStandardOutputPipe(PipeTarget.ToDelegate(Write))
                .WithStandardErrorPipe(PipeTarget.ToDelegate(Write))
                .ExecuteAsync(cancellationToken);
            return result.ExitCode;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new BuildException($"Could not start '{tool}': {e.Message}. Is it installed and on PATH?", e);
        }
    }
}
