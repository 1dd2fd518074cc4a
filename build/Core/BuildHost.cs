namespace BuildCore;

/// <summary>What the engine reads from and writes to; tests pass their own so a whole run happens in-process.</summary>
public sealed class BuildHost
{
    public required TextWriter Out { get; init; }

    public Func<string, string?> GetEnvironmentVariable { get; init; } = Environment.GetEnvironmentVariable;

    /// <summary>The repository root: the directory holding <c>.nuke/</c>.</summary>
    public required string RootDirectory { get; init; }

    /// <summary>Cancelled on Ctrl+C: the running target sees it, the rest don't start.</summary>
    public CancellationToken CancellationToken { get; init; }

    /// <summary>Console width for tables; null picks the terminal's (or 160 when output is redirected).</summary>
    public int? Width { get; init; }

    public bool Ansi { get; init; }

    /// <summary>Walks up from <paramref name="start"/> to the first directory holding <c>.nuke/</c>, as Nuke finds its root.</summary>
    public static string FindRootDirectory(string start)
    {
        for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
        {
            if (Directory.Exists(Path.Combine(directory.FullName, ".nuke")))
                return directory.FullName;
        }
        throw new BuildException($"No .nuke directory in {start} or above it: run the build from inside the repository.");
    }
}
