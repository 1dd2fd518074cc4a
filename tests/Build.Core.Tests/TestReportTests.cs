using Spectre.Console;

namespace BuildCore.Tests;

public sealed class TestReportTests
{
    const string Trx = """
        <?xml version="1.0" encoding="utf-8"?>
        <TestRun xmlns="http://microsoft.com/schemas/VisualStudio/TeamTest/2010">
          <Results>
            <UnitTestResult testName="Sample.Tests.AddsNumbers" outcome="Passed" />
            <UnitTestResult testName="Sample.Tests.DividesByZero" outcome="Failed">
              <Output><ErrorInfo><Message>Expected 0 but found 1.
        second line of the message</Message><StackTrace>at Sample.Tests.DividesByZero()</StackTrace></ErrorInfo></Output>
            </UnitTestResult>
            <UnitTestResult testName="Sample.Tests.Later" outcome="NotExecuted" />
            <UnitTestResult testName="Sample.Tests.Subtracts" outcome="Passed" />
          </Results>
          <TestDefinitions>
            <UnitTest name="AddsNumbers"><TestMethod codeBase="/repo/tests/Sample.Tests/bin/Sample.Tests.dll" name="AddsNumbers" /></UnitTest>
          </TestDefinitions>
        </TestRun>
        """;

    [Fact]
    public void TrxIsSummarizedPerAssemblyWithTheLineCiReads()
    {
        var file = Path.GetTempFileName();
        File.WriteAllText(file, Trx);
        using var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output), Ansi = AnsiSupport.No });

        var summary = TrxSummary.Read(file);
        var totals = TestReport.Write(console, [summary]);
        File.Delete(file);

        Assert.Equal("Sample.Tests", summary.Assembly);
        Assert.Equal((2, 1, 1), totals);
        Assert.Contains("Failed: Sample.Tests: Sample.Tests.DividesByZero" + Environment.NewLine + "    Expected 0 but found 1." + Environment.NewLine + "    second line of the message",
            output.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("at Sample.Tests.DividesByZero()", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("Tests: 2 passed, 1 failed, 1 skipped" + Environment.NewLine, output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void MarkdownSummaryForGitHubListsEachAssemblyAndTheFailedTests()
    {
        var summary = new TrxSummary("Sample.Tests", [new TestResult("Sample.Tests.Adds", "Passed"), new TestResult("Sample.Tests.Divides", "Failed")]);

        var markdown = TestReport.ToMarkdown([summary]);

        Assert.Contains("| Sample.Tests | 1 | 1 | 0 |", markdown, StringComparison.Ordinal);
        Assert.Contains("- `Sample.Tests`: Sample.Tests.Divides", markdown, StringComparison.Ordinal);
    }
}
