using System.Text.RegularExpressions;
using BuildCore;
using Platform.Build.Aws;

namespace Platform.Build.Deploy;

/// <summary>
/// Everything about an AWS deploy that can be known from the command line and the template alone, checked before anything is
/// built or changed: every problem is reported at once, each naming the parameter, the value and the rule it breaks.
/// </summary>
public sealed partial record DeployInputs
{
    public static readonly IReadOnlyList<string> Environments = ["dev", "staging", "prod"];

    /// <summary>Template parameters the build sets itself, from --env, --acm-certificate-arn, --tag and the deploy phase.</summary>
    public static readonly IReadOnlyList<string> SetByBuild =
        ["EnvironmentName", "AcmCertificateArn", "ServicesEnabled", "AuthImageTag", "UserImageTag", "BillingImageTag", "NotificationImageTag",
         "AuthImageDigest", "UserImageDigest", "BillingImageDigest", "NotificationImageDigest"];

    public required string Environment { get; init; }
    public string? Region { get; init; }
    public string? AcmCertificateArn { get; init; }
    public string? CloudFormationRoleArn { get; init; }
    public required string StackName { get; init; }
    public string? Tag { get; init; }
    public IReadOnlyList<string> StackParameters { get; init; } = [];
    public required TemplateFile Template { get; init; }

    /// <summary>Throws one <see cref="BuildException"/> listing every problem, or returns the --stack-parameters as a dictionary.</summary>
    public IReadOnlyDictionary<string, string> Check()
    {
        var problems = new List<string>();
        if (!Environments.Contains(Environment, StringComparer.Ordinal))
            problems.Add($"--env {Environment}: the template deploys only {string.Join(", ", Environments)} (or use --env local).");
        if (Region is { Length: > 0 } region && !AwsRegion.IsWellFormed(region))
            problems.Add($"--region '{region}' is not an AWS region name such as eu-west-1 (set it with --region, AWS_REGION or \"Region\" in .nuke/parameters.{Environment}.json).");
        CheckCertificate(problems);
        if (CloudFormationRoleArn is { Length: > 0 } roleArn && !RoleArnPattern().IsMatch(roleArn))
            problems.Add($"--cloud-formation-role-arn '{roleArn}' is not an IAM role ARN (arn:aws:iam::<account>:role/<name>); set it with --cloud-formation-role-arn or \"CloudFormationRoleArn\" in .nuke/parameters.{Environment}.json.");
        if (!StackNamePattern().IsMatch(StackName))
            problems.Add($"--stack-name '{StackName}' is not a stack name (a letter, then letters, digits and '-', at most 128).");
        if (Tag is { Length: > 0 } tag && !ImageTagPattern().IsMatch(tag))
            problems.Add($"--tag '{tag}' is not an image tag (letters, digits, '_', '.', '-'; at most 128; not starting with '.' or '-').");
        var parameters = ParseStackParameters(problems);
        if (problems.Count > 0)
            throw new BuildException(string.Join(System.Environment.NewLine, problems));
        return parameters;
    }

    void CheckCertificate(List<string> problems)
    {
        if (AcmCertificateArn is not { Length: > 0 } arn)
            return;
        var match = CertificateArnPattern().Match(arn);
        if (!match.Success)
        {
            problems.Add($"--acm-certificate-arn '{arn}' is not an ACM certificate ARN (arn:aws:acm:<region>:<account>:certificate/<id>); set it with --acm-certificate-arn or \"AcmCertificateArn\" in .nuke/parameters.{Environment}.json.");
            return;
        }
        var certificateRegion = match.Groups["region"].Value;
        if (Region is { Length: > 0 } region && certificateRegion != region)
        {
            problems.Add($"--acm-certificate-arn is a certificate in {certificateRegion}, but the stack deploys to {region} (--region): " +
                $"a load balancer's HTTPS listener takes a certificate from its own region only. Request or import one in {region}.");
        }
    }

    Dictionary<string, string> ParseStackParameters(List<string> problems)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in StackParameters)
        {
            var equals = entry.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                problems.Add($"--stack-parameters '{entry}' is not Key=Value (e.g. SingleNatGateway=true).");
                continue;
            }
            var (key, value) = (entry[..equals], entry[(equals + 1)..]);
            var declared = Template.Parameters.FirstOrDefault(p => p.Name == key);
            if (SetByBuild.Contains(key, StringComparer.Ordinal))
                problems.Add($"--stack-parameters {key}: set by the build (from --env, --acm-certificate-arn, --tag and the deploy phase); remove it.");
            else if (declared is null)
                problems.Add($"--stack-parameters {key}: the template {Template.Path} has no parameter {key}.{BuildCore.Suggestions.DidYouMean(key, Template.ParameterNames.Except(SetByBuild))}");
            else if (declared.Violation(value) is { } violation)
                problems.Add($"--stack-parameters {key}={value}: {violation}");
            else
                result[key] = value;
        }
        return result;
    }

    [GeneratedRegex(@"^arn:aws[a-z-]*:acm:(?<region>[a-z0-9-]+):\d{12}:certificate/[A-Za-z0-9-]+$")]
    private static partial Regex CertificateArnPattern();

    [GeneratedRegex(@"^arn:aws[a-z-]*:iam::\d{12}:role/[\w+=,.@/-]{1,512}$")]
    private static partial Regex RoleArnPattern();

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9-]{0,127}$")]
    private static partial Regex StackNamePattern();

    [GeneratedRegex(@"^[\w][\w.-]{0,127}$")]
    private static partial Regex ImageTagPattern();
}
