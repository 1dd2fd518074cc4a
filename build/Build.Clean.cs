using BuildCore;
using Spectre.Console;

partial class Build
{
    Target Clean => _ => _
        .Description("Deletes bin/ and obj/ under services/ and tests/, and artifacts/ (never the build project's own output).")
        .Before(Compile)
        .Executes(() =>
        {
            var doomed = OutputDirectories(ServicesDirectory).Concat(OutputDirectories(TestsDirectory)).Append(ArtifactsDirectory.Value);
            foreach (var directory in doomed.Where(Directory.Exists))
            {
                Directory.Delete(directory, recursive: true);
                Output.WriteLine($"Deleted {Path.GetRelativePath(RootDirectory, directory)}");
            }
        });

    /// <summary>bin/ and obj/ directories below <paramref name="root"/>, without descending into them.</summary>
    static IEnumerable<string> OutputDirectories(string root)
    {
        if (!Directory.Exists(root))
            yield break;
        foreach (var directory in Directory.EnumerateDirectories(root))
        {
            var name = Path.GetFileName(directory);
            if (name is "bin" or "obj")
                yield return directory;
            else if (name is not "node_modules")
                foreach (var nested in OutputDirectories(directory)) yield return nested;
        }
    }
}
