using Platform.Template.Tests.Guard;

namespace Platform.Template.Tests;

/// <summary>
/// AWS Control Tower's proactive controls, run with cfn-guard over the template for every AWS service it uses.
/// Needs `npm ci --prefix cloudformation`; without it these tests fail with that command, they never skip.
/// </summary>
[Trait("Category", "Guard")]
public class GuardTests(ITestOutputHelper output)
{
    static readonly GuardRunner Runner = new(RepositoryPaths.CloudFormationDirectory);

    [Fact]
    public async Task EveryControlTowerRuleForTheTemplatesServicesPassesOrIsWaived()
    {
        // Given
        var directories = GuardRunner.RuleDirectoriesFor(PlatformTemplate.Instance);
        var waivers = GuardWaivers.Load(RepositoryPaths.WaiversFile);

        // When
        var results = await Runner.ValidateAsync(RepositoryPaths.TemplateFile, directories, TestContext.Current.CancellationToken);
        var report = GuardReport.Create(results, waivers);
        output.WriteLine(report.Format());
        foreach (var directory in directories)
            output.WriteLine($"  reproduce: {Runner.CommandLine(RepositoryPaths.TemplateFile, directory)}");

        // Then
        directories.Should().Contain(["ecs", "elasticloadbalancing", "rds", "sqs", "ecr", "cloudwatch", "ec2", "identityandaccessmanagement", "keymanagementservice"]);
        report.Passed.Should().NotBeEmpty();
        report.Succeeded.Should().BeTrue(report.Format());
    }

    [Fact]
    public void EveryWaiverNamesAnExistingRuleAndGivesAReason()
    {
        var waivers = GuardWaivers.Load(RepositoryPaths.WaiversFile);
        var rules = Runner.AllRuleIds();

        rules.Should().NotBeEmpty();
        foreach (var waiver in waivers)
        {
            rules.Should().Contain(waiver.Rule, $"waiver '{waiver.Rule}' must name a rule file under {Runner.RulesRoot}");
            waiver.Reason.Should().NotBeNullOrWhiteSpace($"waiver '{waiver.Rule}' needs a reason");
        }
    }

    [Fact]
    public void EveryResourceTypeHasAControlTowerDecision()
    {
        var directories = GuardRunner.RuleDirectoriesFor(PlatformTemplate.Instance);
        Runner.EnsureInstalled();

        directories.Should().OnlyContain(d => Directory.Exists(Path.Combine(Runner.RulesRoot, d)));
        // The services mapped to "no rules" really have none in the pinned package; if one gains rules, run them.
        foreach (var (ns, directory) in GuardRunner.RuleDirectoryByNamespace.Where(kv => kv.Value is null))
        {
            var candidate = ns["AWS::".Length..].ToLowerInvariant();
            Directory.Exists(Path.Combine(Runner.RulesRoot, candidate)).Should().BeFalse($"{ns} now has Control Tower rules: map it to '{candidate}'");
        }
    }
}

/// <summary>The runner's own behaviour, independent of the installed package's rules.</summary>
public class GuardRunnerTests
{
    [Fact]
    public void MissingPackageFailsWithTheInstallCommand()
    {
        var runner = new GuardRunner(Path.Combine(Path.GetTempPath(), "no-such-cloudformation-" + Guid.NewGuid().ToString("N")));

        var ensure = () => runner.EnsureInstalled();

        ensure.Should().Throw<GuardNotInstalledException>().WithMessage("*npm ci --prefix cloudformation*");
    }

    [Fact]
    public void ReportSeparatesWaivedFailedAndStale()
    {
        GuardRuleResult[] results =
        [
            new("ct-a-pr-1", "a", GuardStatus.Pass), new("ct-a-pr-2", "a", GuardStatus.Fail),
            new("ct-a-pr-3", "a", GuardStatus.Fail), new("ct-a-pr-4", "a", GuardStatus.Skip),
        ];
        GuardWaiver[] waivers = [new("ct-a-pr-2", "on purpose"), new("ct-a-pr-1", "no longer needed"), new("ct-b-pr-1", "not run")];

        var report = GuardReport.Create(results, waivers);

        report.Passed.Select(r => r.Rule).Should().Equal("ct-a-pr-1");
        report.NotApplicable.Select(r => r.Rule).Should().Equal("ct-a-pr-4");
        report.Waived.Select(w => w.Result.Rule).Should().Equal("ct-a-pr-2");
        report.Failed.Select(r => r.Rule).Should().Equal("ct-a-pr-3");
        report.StaleWaivers.Select(w => w.Rule).Should().Equal("ct-a-pr-1");
        report.WaiversNotRun.Select(w => w.Rule).Should().Equal("ct-b-pr-1");
        report.Succeeded.Should().BeFalse();
        report.Format().Should().Contain("WAIVED a/ct-a-pr-2: on purpose").And.Contain("FAILED a/ct-a-pr-3");
    }

    [Fact]
    public void WaiverWithoutARuleIsRejected()
    {
        var path = Path.Combine(Path.GetTempPath(), $"waivers-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, "waivers:\n  - reason: forgot the rule\n");
        try
        {
            var load = () => GuardWaivers.Load(path);

            load.Should().Throw<FormatException>().WithMessage("*waiver #1 has no 'rule'*");
        }
        finally
        {
            File.Delete(path);
        }
    }
}
