using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

namespace Platform.Template.Tests.Guard;

public enum GuardStatus { Pass, Fail, Skip }

/// <summary>One Control Tower rule file's outcome, e.g. ct-ecs-pr-1 in rules/control-tower/cfn-guard/ecs.</summary>
public sealed record GuardRuleResult(string Rule, string RuleDirectory, GuardStatus Status);

public sealed class GuardNotInstalledException(string message) : Exception(message);

/// <summary>
/// Runs cfn-guard from the pinned npm package @cdklabs/cdk-validator-cfnguard (cloudformation/package.json) with
/// AWS Control Tower's proactive-control rules, one rule directory per AWS service the template uses.
/// </summary>
public sealed partial class GuardRunner(string cloudFormationDirectory)
{
    public const string InstallCommand = "npm ci --prefix cloudformation";

    // Resource type namespace -> Control Tower rule directory. null: the package has no rules for that service.
    // A namespace missing from this map fails the tests, so a new kind of resource forces a decision here.
    public static readonly IReadOnlyDictionary<string, string?> RuleDirectoryByNamespace = new Dictionary<string, string?>(StringComparer.Ordinal)
    {
        ["AWS::EC2"] = "ec2",
        ["AWS::ECS"] = "ecs",
        ["AWS::ECR"] = "ecr",
        ["AWS::ElasticLoadBalancingV2"] = "elasticloadbalancing",
        ["AWS::RDS"] = "rds",
        ["AWS::SQS"] = "sqs",
        ["AWS::Logs"] = "cloudwatch",
        ["AWS::CloudWatch"] = "cloudwatch",
        ["AWS::IAM"] = "identityandaccessmanagement",
        ["AWS::KMS"] = "keymanagementservice",
        ["AWS::SNS"] = null,
        ["AWS::SecretsManager"] = null,
        ["AWS::SSM"] = null,
        ["AWS::ServiceDiscovery"] = null,
        ["AWS::ApplicationAutoScaling"] = null,
    };

    static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    public string PackageDirectory => Path.Combine(cloudFormationDirectory, "node_modules", "@cdklabs", "cdk-validator-cfnguard");
    public string RulesRoot => Path.Combine(PackageDirectory, "rules", "control-tower", "cfn-guard");

    /// <summary>bin/&lt;os&gt;/&lt;arch&gt;/cfn-guard inside the package (ubuntu or macos, x86_64 or aarch64).</summary>
    public string BinaryPath
    {
        get
        {
            var os = OperatingSystem.IsLinux() ? "ubuntu"
                : OperatingSystem.IsMacOS() ? "macos"
                : throw new PlatformNotSupportedException("The cfn-guard package ships binaries for Linux and macOS only.");
            var arch = RuntimeInformation.OSArchitecture switch
            {
                Architecture.X64 => "x86_64",
                Architecture.Arm64 => "aarch64",
                var other => throw new PlatformNotSupportedException($"No cfn-guard binary for {other}."),
            };
            return Path.Combine(PackageDirectory, "bin", os, arch, "cfn-guard");
        }
    }

    public void EnsureInstalled()
    {
        if (!File.Exists(BinaryPath) || !Directory.Exists(RulesRoot))
            throw new GuardNotInstalledException(
                $"cfn-guard and the Control Tower rules are not installed (looked for {BinaryPath}). Run `{InstallCommand}` at the repository root.");
    }

    /// <summary>Every rule id (file name without .guard) in the package, across all services.</summary>
    public IReadOnlySet<string> AllRuleIds()
    {
        EnsureInstalled();
        return Directory.EnumerateFiles(RulesRoot, "*.guard", SearchOption.AllDirectories)
            .Select(Path.GetFileNameWithoutExtension).OfType<string>().ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The rule directories for the resource types a template uses.</summary>
    public static IReadOnlyList<string> RuleDirectoriesFor(CfnTemplate template)
    {
        var namespaces = template.Resources.Values.Select(r => Namespace(r.Type)).Distinct(StringComparer.Ordinal).ToList();
        var unmapped = namespaces.Where(n => !RuleDirectoryByNamespace.ContainsKey(n)).ToList();
        if (unmapped.Count > 0)
            throw new InvalidOperationException(
                $"No Control Tower rule mapping for {string.Join(", ", unmapped)}: add it to {nameof(GuardRunner)}.{nameof(RuleDirectoryByNamespace)}.");
        return namespaces.Select(n => RuleDirectoryByNamespace[n]).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
    }

    public static string Namespace(string resourceType)
    {
        var last = resourceType.LastIndexOf("::", StringComparison.Ordinal);
        return last > 0 ? resourceType[..last] : resourceType;
    }

    /// <summary>The command line for one rule directory, as a person would type it from the repository root.</summary>
    public string CommandLine(string templatePath, string ruleDirectory) =>
        $"{BinaryPath} validate --data {templatePath} --rules {Path.Combine(RulesRoot, ruleDirectory)} --show-summary all";

    /// <summary>Runs cfn-guard once per rule directory and returns the status of every rule file in them.</summary>
    public async Task<IReadOnlyList<GuardRuleResult>> ValidateAsync(string templatePath, IEnumerable<string> ruleDirectories, CancellationToken cancellationToken)
    {
        EnsureInstalled();
        // About 0.17 s per rule, so the directories run side by side, one per core.
        var directories = ruleDirectories.ToList();
        var results = new IReadOnlyList<GuardRuleResult>[directories.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, directories.Count),
            new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken },
            async (i, ct) => results[i] = await ValidateDirectoryAsync(templatePath, directories[i], ct));
        return results.SelectMany(r => r).ToList();
    }

    async Task<IReadOnlyList<GuardRuleResult>> ValidateDirectoryAsync(string templatePath, string ruleDirectory, CancellationToken cancellationToken)
    {
        var rulesPath = Path.Combine(RulesRoot, ruleDirectory);
        if (!Directory.Exists(rulesPath))
            throw new DirectoryNotFoundException($"Control Tower rule directory {rulesPath} does not exist in the installed package.");

        var start = new ProcessStartInfo(BinaryPath) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "validate", "--data", templatePath, "--rules", rulesPath, "--show-summary", "all" })
            start.ArgumentList.Add(argument);

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {BinaryPath}.");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"cfn-guard did not finish within {Timeout.TotalSeconds} s for {ruleDirectory}.");
        }

        var output = await stdout;
        var errors = await stderr;
        // cfn-guard exits 0 when every rule passes or skips and 19 when one fails; anything else is a broken run.
        if (process.ExitCode is not (0 or 19))
            throw new InvalidOperationException($"cfn-guard exited {process.ExitCode} for {ruleDirectory}: {errors}{output}".Trim());

        var byRule = new Dictionary<string, GuardStatus>(StringComparer.Ordinal);
        foreach (Match match in SummaryLine().Matches(output))
        {
            var rule = match.Groups["rule"].Value;
            var status = Enum.Parse<GuardStatus>(match.Groups["status"].Value, ignoreCase: true);
            // A file may hold several named rules: the file fails if any fails, passes if any passes, else skips.
            byRule[rule] = byRule.TryGetValue(rule, out var seen) ? Worst(seen, status) : status;
        }

        var files = Directory.EnumerateFiles(rulesPath, "*.guard").Select(Path.GetFileNameWithoutExtension).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var unreported = files.Except(byRule.Keys).ToList();
        if (unreported.Count > 0)
            throw new InvalidOperationException(
                $"cfn-guard reported no status for {string.Join(", ", unreported.Order())} in {ruleDirectory}; output format changed? Output:\n{output}");

        if (process.ExitCode == 19 && !byRule.ContainsValue(GuardStatus.Fail))
            throw new InvalidOperationException($"cfn-guard exited 19 for {ruleDirectory} but no rule line says FAIL. Output:\n{output}");

        return byRule.Select(kv => new GuardRuleResult(kv.Key, ruleDirectory, kv.Value)).OrderBy(r => r.Rule, StringComparer.Ordinal).ToList();
    }

    static GuardStatus Worst(GuardStatus a, GuardStatus b) =>
        a == GuardStatus.Fail || b == GuardStatus.Fail ? GuardStatus.Fail
        : a == GuardStatus.Pass || b == GuardStatus.Pass ? GuardStatus.Pass
        : GuardStatus.Skip;

    // "ct-ecs-pr-1.guard/ecs_fargate_latest_platform_version_check    PASS" in the --show-summary all table.
    [GeneratedRegex(@"^(?<rule>[A-Za-z0-9_.-]+)\.guard/\S+\s+(?<status>PASS|FAIL|SKIP)\s*$", RegexOptions.Multiline)]
    private static partial Regex SummaryLine();
}
