using System.Diagnostics;

namespace BuildTests.Release;

/// <summary>A throwaway git repository with a bare "origin", laid out as the build expects (.nuke/, the tool manifest).</summary>
internal sealed class ScratchRepository : IDisposable
{
    readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("platform-release-");

    public ScratchRepository()
    {
        Directory.CreateDirectory(WorkTree);
        Directory.CreateDirectory(Path.Combine(WorkTree, ".nuke"));
        Directory.CreateDirectory(Path.Combine(WorkTree, ".config"));
        File.Copy(Path.Combine(BuildRun.RepositoryRoot, ".nuke", "parameters.json"), Path.Combine(WorkTree, ".nuke", "parameters.json"));
        File.Copy(Path.Combine(BuildRun.RepositoryRoot, ".config", "dotnet-tools.json"), Path.Combine(WorkTree, ".config", "dotnet-tools.json"));

        RunGit(_root.FullName, "init", "--quiet", "--bare", "origin.git");
        Git("init", "--quiet", "--initial-branch", "main");
        Git("config", "user.name", "Release Test");
        Git("config", "user.email", "release-test@example.invalid");
        Git("config", "commit.gpgsign", "false");
        Git("config", "tag.gpgsign", "false");
        Git("remote", "add", "origin", Path.Combine(_root.FullName, "origin.git"));
        Commit("first");
    }

    public string WorkTree => Path.Combine(_root.FullName, "work");

    public void Commit(string message)
    {
        File.AppendAllText(Path.Combine(WorkTree, "history.txt"), message + "\n");
        Git("add", "--all");
        Git("commit", "--quiet", "--message", message);
    }

    public string Git(params string[] arguments) => RunGit(WorkTree, arguments);

    public IReadOnlyList<string> RemoteTags() =>
        Git("ls-remote", "--tags", "--refs", "origin")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('\t')[1].Replace("refs/tags/", "", StringComparison.Ordinal))
            .ToList();

    static string RunGit(string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var git = Process.Start(start)!;
        var output = git.StandardOutput.ReadToEnd();
        var error = git.StandardError.ReadToEnd();
        git.WaitForExit();
        return git.ExitCode == 0 ? output : throw new InvalidOperationException($"git {string.Join(' ', arguments)}: {error}");
    }

    public void Dispose() => _root.Delete(recursive: true);
}
