using System.Text.RegularExpressions;

namespace BuildTests;

/// <summary>
/// Targets read like Nuke's: a short declaration that says which step runs; the work lives in classes and methods beside
/// it, and the choice between the local platform and AWS is made once (build/Build.Platform.cs), not in each target.
/// </summary>
public sealed partial class TargetShapeTests
{
    const int MaxDeclarationLines = 15;

    static IEnumerable<string> BuildFiles() =>
        Directory.GetFiles(Path.Combine(BuildRun.RepositoryRoot, "build"), "*.cs")
            .Concat(Directory.GetFiles(Path.Combine(BuildRun.RepositoryRoot, "build", "Platforms"), "*.cs"));

    [Fact]
    public void NoTargetDeclarationIsLongerThanFifteenLines()
    {
        var tooLong = new List<string>();
        foreach (var file in BuildFiles())
        {
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                if (TargetDeclaration().Match(lines[i]) is not { Success: true } match)
                    continue;
                var end = i;
                while (end < lines.Length && !lines[end].TrimEnd().EndsWith(';'))
                    end++;
                if (end - i + 1 > MaxDeclarationLines)
                    tooLong.Add($"{Path.GetFileName(file)}: {match.Groups[1].Value} is {end - i + 1} lines");
            }
        }

        Assert.Empty(tooLong);
        Assert.True(BuildFiles().Sum(f => File.ReadAllLines(f).Count(l => TargetDeclaration().IsMatch(l))) >= 10, "the scan found the targets");
    }

    [Fact]
    public void NoTargetChoosesBetweenLocalAndAwsItself()
    {
        var offenders = BuildFiles().Where(f => File.ReadAllText(f).Contains("if (IsLocal)", StringComparison.Ordinal)).Select(Path.GetFileName).ToList();

        Assert.Empty(offenders);
    }

    [GeneratedRegex(@"^\s*Target (\w+) => _ => _")]
    private static partial Regex TargetDeclaration();
}
