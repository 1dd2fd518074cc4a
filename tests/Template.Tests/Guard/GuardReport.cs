using System.Text;

namespace Platform.Template.Tests.Guard;

/// <summary>cfn-guard's results with the waivers applied: what passed, did not apply, was waived, and what is left.</summary>
public sealed class GuardReport
{
    GuardReport(IReadOnlyList<GuardRuleResult> results, IReadOnlyList<GuardWaiver> waivers)
    {
        Results = results;
        var waived = waivers.ToDictionary(w => w.Rule, StringComparer.Ordinal);
        Passed = results.Where(r => r.Status == GuardStatus.Pass).ToList();
        NotApplicable = results.Where(r => r.Status == GuardStatus.Skip).ToList();
        Waived = results.Where(r => r.Status == GuardStatus.Fail && waived.ContainsKey(r.Rule)).Select(r => (r, waived[r.Rule])).ToList();
        Failed = results.Where(r => r.Status == GuardStatus.Fail && !waived.ContainsKey(r.Rule)).ToList();
        var run = results.ToDictionary(r => r.Rule, StringComparer.Ordinal);
        // A waiver for a rule that was run and did not fail is stale: the waiver would silently hide a future regression.
        StaleWaivers = waivers.Where(w => run.TryGetValue(w.Rule, out var r) && r.Status != GuardStatus.Fail).ToList();
        WaiversNotRun = waivers.Where(w => !run.ContainsKey(w.Rule)).ToList();
    }

    public IReadOnlyList<GuardRuleResult> Results { get; }
    public IReadOnlyList<GuardRuleResult> Passed { get; }
    public IReadOnlyList<GuardRuleResult> NotApplicable { get; }
    public IReadOnlyList<(GuardRuleResult Result, GuardWaiver Waiver)> Waived { get; }
    public IReadOnlyList<GuardRuleResult> Failed { get; }
    public IReadOnlyList<GuardWaiver> StaleWaivers { get; }
    public IReadOnlyList<GuardWaiver> WaiversNotRun { get; }

    public bool Succeeded => Failed.Count == 0 && StaleWaivers.Count == 0 && WaiversNotRun.Count == 0;

    public static GuardReport Create(IReadOnlyList<GuardRuleResult> results, IReadOnlyList<GuardWaiver> waivers) => new(results, waivers);

    public string Format()
    {
        var text = new StringBuilder();
        var directories = string.Join(", ", Results.Select(r => r.RuleDirectory).Distinct(StringComparer.Ordinal));
        text.AppendLine(System.Globalization.CultureInfo.InvariantCulture,
            $"Control Tower rules run: {Results.Count} ({directories}); passed {Passed.Count}, not applicable {NotApplicable.Count}, waived {Waived.Count}, failed {Failed.Count}.");
        foreach (var (result, waiver) in Waived)
            text.AppendLine(System.Globalization.CultureInfo.InvariantCulture, $"  WAIVED {result.RuleDirectory}/{result.Rule}: {waiver.Reason}");
        foreach (var result in Failed)
            text.AppendLine(System.Globalization.CultureInfo.InvariantCulture, $"  FAILED {result.RuleDirectory}/{result.Rule}: fix the template or waive it with a reason in cloudformation/guard-waivers.yaml");
        foreach (var waiver in StaleWaivers)
            text.AppendLine(System.Globalization.CultureInfo.InvariantCulture, $"  STALE WAIVER {waiver.Rule}: the rule no longer fails; remove the waiver");
        foreach (var waiver in WaiversNotRun)
            text.AppendLine(System.Globalization.CultureInfo.InvariantCulture, $"  WAIVER NOT RUN {waiver.Rule}: its rule directory is not run for this template; remove the waiver");
        return text.ToString().TrimEnd();
    }
}
