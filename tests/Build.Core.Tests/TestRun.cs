namespace BuildCore.Tests;

/// <summary>A throwaway repository root (with .nuke/) and an in-process run of the engine against it.</summary>
internal sealed class TestRun : IDisposable
{
    public TestRun()
    {
        RootDirectory = Path.Combine(Path.GetTempPath(), "build-core-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(RootDirectory, ".nuke"));
    }

    public string RootDirectory { get; }

    public Dictionary<string, string> Environment { get; } = [];

    public string Output { get; private set; } = "";

    public TestRun WithProfile(string fileName, string json)
    {
        File.WriteAllText(Path.Combine(RootDirectory, ".nuke", fileName), json);
        return this;
    }

    public Task<int> RunAsync(BuildBase build, string args, string? defaultTarget = null) =>
        RunUntilCancelledAsync(build, args, TestContext.Current.CancellationToken, defaultTarget);

    public async Task<int> RunUntilCancelledAsync(BuildBase build, string args, CancellationToken cancellationToken, string? defaultTarget = null)
    {
        using var writer = new StringWriter();
        var host = new BuildHost
        {
            Out = writer,
            RootDirectory = RootDirectory,
            GetEnvironmentVariable = name => Environment.GetValueOrDefault(name),
            CancellationToken = cancellationToken,
            Width = 200,
        };
        var exitCode = await BuildEngine.RunAsync(build, args.Split(' ', StringSplitOptions.RemoveEmptyEntries), host, defaultTarget);
        Output = writer.ToString();
        return exitCode;
    }

    public void Dispose() => Directory.Delete(RootDirectory, recursive: true);
}
