namespace Platform.Template.Tests;

/// <summary>The template is written for reading: no flow mapping puts two properties on one line.</summary>
public class BlockStyleTests
{
    [Fact]
    public void PlatformTemplateHasNoFlowMappingWithSeveralPropertiesOnALine()
    {
        var lines = FlowMappings.LinesWithSeveralProperties(File.ReadAllText(RepositoryPaths.TemplateFile));

        lines.Should().BeEmpty("one property a line: a flow mapping of several properties becomes a block mapping");
    }

    [Theory]
    [InlineData("A: {b: 1, c: 2}", new long[] { 1 })]
    [InlineData("A:\n  - {b: 1, c: !Ref X}", new long[] { 2 })]
    [InlineData("A: [x, {b: {c: 1}, d: 2}]", new long[] { 1 })]
    [InlineData("A: {b: 1,\n    c: 2}", new long[0])]
    [InlineData("A: {b: 1}\nB: [{c: 2}, {d: 3}]", new long[0])]
    [InlineData("A: !If [X, {b: 1}, {c: 2}]\nB:\n  c: 1\n  d: 2", new long[0])]
    public void FlowMappingCheckFlagsOnlySeveralPropertiesOfOneMappingOnALine(string yaml, long[] expected)
    {
        FlowMappings.LinesWithSeveralProperties(yaml).Should().Equal(expected);
    }
}
