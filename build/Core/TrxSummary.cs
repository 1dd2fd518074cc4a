using System.Xml.Linq;

namespace BuildCore;

/// <summary>One test's result; <paramref name="Message"/> is a failed test's error message.</summary>
public sealed record TestResult(string Name, string Outcome, string? Message = null);

/// <summary>The results of one test assembly, read from the TRX file its run wrote.</summary>
public sealed record TrxSummary(string Assembly, IReadOnlyList<TestResult> Results)
{
    static readonly XNamespace s_trx = "http://microsoft.com/schemas/VisualStudio/TeamTest/2010";

    public int Passed => Results.Count(r => r.Outcome == "Passed");
    public int Failed => Results.Count(r => IsFailure(r.Outcome));
    public int Skipped => Results.Count - Passed - Failed;

    public static bool IsFailure(string outcome) => outcome is "Failed" or "Error" or "Timeout" or "Aborted";

    public static TrxSummary Read(string trxFile)
    {
        XDocument document;
        try
        {
            document = XDocument.Load(trxFile);
        }
        catch (System.Xml.XmlException e)
        {
            throw new BuildException($"{trxFile} is not a readable TRX file: {e.Message}", e);
        }

        var results = document.Descendants(s_trx + "UnitTestResult")
            .Select(r => new TestResult(
                (string?)r.Attribute("testName") ?? "?",
                (string?)r.Attribute("outcome") ?? "NotExecuted",
                r.Element(s_trx + "Output")?.Element(s_trx + "ErrorInfo")?.Element(s_trx + "Message")?.Value))
            .ToList();
        // Every test method names its assembly file; a run without tests has only the file name (the Test target names it after the project).
        var codeBase = document.Descendants(s_trx + "TestMethod").Select(m => (string?)m.Attribute("codeBase")).FirstOrDefault(c => c is not null);
        var assembly = codeBase is not null ? Path.GetFileNameWithoutExtension(codeBase) : Path.GetFileNameWithoutExtension(trxFile);
        return new TrxSummary(assembly, results);
    }
}
