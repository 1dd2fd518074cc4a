namespace BuildTests.Docs;

public class DocumentationLinkTests
{
    [Fact]
    public void EveryRelativeLinkInTheReadmeAndDocsPointsAtAnExistingFileAndHeading()
    {
        var files = MarkdownLinks.DocumentationFiles(BuildRun.RepositoryRoot);

        var broken = files.SelectMany(file => MarkdownLinks.Broken(BuildRun.RepositoryRoot, file)).ToList();

        Assert.Contains(Path.Combine("docs", "deploying.md"), files);
        Assert.True(broken.Count == 0, "Broken links:" + Environment.NewLine + string.Join(Environment.NewLine, broken));
    }

    [Fact]
    public void ALinkToAMissingFileOrHeadingIsReportedAndOthersAreNot()
    {
        // Given: a scratch repository whose README links to a file that exists, one that does not, a missing heading and the web
        var root = Directory.CreateTempSubdirectory("doc-links-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(root, "docs"));
            File.WriteAllText(Path.Combine(root, "docs", "here.md"), "# Here\n## Tests and Docker\n```\n# not a heading\n[in code](gone.md)\n```\n");
            File.WriteAllText(Path.Combine(root, "README.md"),
                "[ok](docs/here.md) [ok too](docs/here.md#tests-and-docker) [gone](docs/gone.md) [no heading](docs/here.md#not-a-heading) " +
                "[web](https://example.com/x.md) `[code](docs/code.md)`\n");

            // When
            var broken = MarkdownLinks.DocumentationFiles(root).SelectMany(file => MarkdownLinks.Broken(root, file)).ToList();

            // Then
            Assert.Equal(["README.md: docs/gone.md (no such file)", "README.md: docs/here.md#not-a-heading (no such heading)"], broken);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void ReadmeStaysAtMost150Lines()
    {
        var lines = File.ReadAllLines(Path.Combine(BuildRun.RepositoryRoot, "README.md")).Length;

        Assert.True(lines <= 150, $"README.md has {lines} lines; move detail to docs/ (at most 150)");
    }
}
