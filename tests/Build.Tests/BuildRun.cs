using BuildCore;

namespace BuildTests;

/// <summary>Runs the real Build class in-process against the repository's own .nuke/ (or a copy of it).</summary>
internal static class BuildRun
{
    public static string RepositoryRoot { get; } = BuildHost.FindRootDirectory(AppContext.BaseDirectory);

    public static async Task<(int ExitCode, string Output)> RunAsync(string args, string? rootDirectory = null)
    {
        using var writer = new StringWriter();
        var host = new BuildHost
        {
            Out = writer,
            RootDirectory = rootDirectory ?? RepositoryRoot,
            // The developer's or CI's PLATFORM_* variables must not change what these tests see.
            GetEnvironmentVariable = _ => null,
            CancellationToken = TestContext.Current.CancellationToken,
            Width = 200,
        };
        var exitCode = await BuildEngine.RunAsync(new Build(), args.Split(' ', StringSplitOptions.RemoveEmptyEntries), host, "Compile");
        return (exitCode, writer.ToString());
    }
}
