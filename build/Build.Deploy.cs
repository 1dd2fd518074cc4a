using System.Text.RegularExpressions;
using Amazon.CloudFormation;
using BuildCore;
using Spectre.Console;
using Platform.Build.Aws;
using Platform.Build.Deploy;
using Platform.Build.Local.Images;
using DeployTemplate = Platform.Build.Deploy.TemplateFile;

// DeployStack: the CloudFormation stack through a change set; ForceRedeploy: the ECS services onto new tasks.
// A first deploy runs in two phases (the ECR repositories are in the stack): Push creates the stack with
// ServicesEnabled=false before it pushes, DeployStack then turns the services on. Why: docs/design/two-phase-first-deploy.md.
partial class Build
{
    static readonly string[] s_stackEnvironments = ["dev", "staging", "prod"];

    [Parameter("CloudFormation stack name. Default: platform-<env> (what cloudformation/github-oidc.yaml allows by default).")]
    readonly string? StackName;

    [Parameter("ARN of the ACM certificate for the load balancer's HTTPS listener (every environment but local).")]
    readonly string? AcmCertificateArn;

    [Parameter("More template parameters as Key=Value, e.g. SingleNatGateway=true DesiredCount=1 (profile: a JSON array).")]
    readonly string[] StackParameters = [];

    [Parameter("Role CloudFormation assumes to change the stack, e.g. the CloudFormationRoleArn output of cloudformation/github-oidc.yaml. Default: the caller's permissions.")]
    readonly string? CloudFormationRoleArn;

    [Parameter("DeployStack: create and print the change set, then stop without executing it (the engine's --plan runs nothing at all).")]
    readonly bool ChangeSetOnly;

    [Parameter("DeployStack: a stack in ROLLBACK_COMPLETE (its first create failed) is deleted and created again.")]
    readonly bool RecreateFailedStack;

    [Parameter("Seconds a stack operation (or one already running) may take.")]
    readonly int StackBudgetSeconds = 3600;

    [Parameter("Seconds a change set may take to be ready.")]
    readonly int ChangeSetBudgetSeconds = 300;

    [Parameter("Seconds the ECS deployments may take to reach COMPLETED.")]
    readonly int RolloutBudgetSeconds = 900;

    string ResolvedStackName => StackName is { Length: > 0 } name ? name : $"platform-{Env}";

    string ClusterName => $"{Env}-platform";

    IReadOnlyList<string> EcsServiceNames => [.. ServiceImages.Services.Select(s => $"{Env}-{s}")];

    DeployTemplate? _template;

    /// <summary>Read once and checked (readable, YAML, under the TemplateBody size limit) before any AWS call.</summary>
    DeployTemplate Template => _template ??= DeployTemplate.Read(TemplateFile, Path.GetRelativePath(RootDirectory, TemplateFile));

    Target DeployStack => _ => _
        .Description("Creates or updates the stack through a change set (printed first), streams its events, prints its outputs.")
        .DependsOn(Validate, Push)
        .Requires(() => Env)
        .RequiresWhen(() => !IsLocal, "--env is not local", () => Region, () => AcmCertificateArn)
        .Validates(CheckDeployInputs)
        .Executes(async ct =>
        {
            if (IsLocal)
            {
                await DeployLocalAsync(ct);
                return;
            }

            var tag = await ImageTagAsync(ct);
            await WithAwsAsync(async aws =>
            {
                var deployer = new StackDeployer(aws.CreateCloudFormation(), Log, Timing);
                var before = await deployer.DescribeAsync(ResolvedStackName, ct);
                var firstServices = before?.Parameters.Any(p => p.ParameterKey == "ServicesEnabled" && p.ParameterValue == "false") == true;
                // The signing key goes in before the services are created or updated: auth-service cannot start without it.
                var request = StackRequest(tag, servicesEnabled: true) with { WhenStackExists = c => EnsureSigningKeyAsync(aws, c) };
                var result = await deployer.DeployAsync(request, ct);
                if (firstServices && result.Outcome == StackDeployOutcome.Updated)
                    Output.WriteLine("Phase 2 done: the ECS services exist now.");
                if (result.TaskDefinitionsChanged)
                {
                    Output.WriteLine("Task definitions changed: checking the services' rollouts.");
                    await new ServiceRollout(aws.CreateEcs(), Log, Timing).WaitForCurrentDeploymentsAsync(ClusterName, EcsServiceNames, ct);
                }
            });
        });

    Target ForceRedeploy => _ => _
        .Description("Starts a new deployment of the four ECS services at once and waits until each is COMPLETED (local: replaces each container).")
        .DependsOn(DeployStack)
        .Requires(() => Env)
        .RequiresWhen(() => !IsLocal, "--env is not local", () => Region)
        .Validates(CheckDeployInputs)
        .Executes(async ct =>
        {
            if (IsLocal)
            {
                await RedeployLocalAsync(ct);
                return;
            }
            if (ChangeSetOnly)
            {
                Output.WriteLine("--change-set-only: nothing was deployed, so nothing is redeployed.");
                return;
            }

            await WithAwsAsync(aws => new ServiceRollout(aws.CreateEcs(), Log, Timing).ForceNewDeploymentAsync(ClusterName, EcsServiceNames, ct));
        });

    /// <summary>
    /// First deploy: the stack holds the ECR repositories, so it must exist before anything is pushed. Phase 1 creates it
    /// without the ECS services (ServicesEnabled=false); DeployStack's phase 2 adds them once the images are there.
    /// </summary>
    async Task EnsureRepositoriesAsync(AwsClientFactory aws, string tag, CancellationToken cancellationToken)
    {
        var deployer = new StackDeployer(aws.CreateCloudFormation(), Log, Timing);
        var stack = await deployer.PrepareAsync(ResolvedStackName, RecreateFailedStack, cancellationToken);
        if (stack is not null && stack.StackStatus != StackStatus.REVIEW_IN_PROGRESS)
            return;

        Output.WriteLine(
            $"First deploy of stack {ResolvedStackName}: its ECR repositories do not exist yet. Phase 1 creates the stack now with " +
            "ServicesEnabled=false (network, load balancer, database, queue, repositories; no ECS services), then the images are pushed, " +
            "then DeployStack (phase 2) stores auth-service's JWT signing key and turns the services on.");
        await deployer.DeployAsync(StackRequest(tag, servicesEnabled: false), cancellationToken);
    }

    /// <summary>
    /// CloudFormation cannot make an RSA key, so the stack's secret starts as a placeholder: store a real key there once
    /// (never replacing a usable one). See build/Deploy/SigningKeyBootstrap.cs.
    /// </summary>
    async Task EnsureSigningKeyAsync(AwsClientFactory aws, CancellationToken cancellationToken)
    {
        using var secrets = aws.CreateSecretsManager();
        await new SigningKeyBootstrap(secrets, Log, AddSecret)
            .EnsureAsync(SigningKeyBootstrap.SecretName(Env!), ResolvedStackName, ChangeSetOnly, cancellationToken);
    }

    StackDeployRequest StackRequest(string tag, bool servicesEnabled)
    {
        var parameters = ParseStackParameters();
        parameters["EnvironmentName"] = Env!;
        parameters["AcmCertificateArn"] = AcmCertificateArn!;
        parameters["ServicesEnabled"] = servicesEnabled ? "true" : "false";
        foreach (var key in s_imageTagParameters)
            parameters[key] = tag;
        return new StackDeployRequest
        {
            StackName = ResolvedStackName,
            Template = Template,
            Parameters = parameters,
            ChangeSetLabel = tag,
            ChangeSetOnly = ChangeSetOnly,
            RecreateFailedStack = RecreateFailedStack,
            RoleArn = CloudFormationRoleArn is { Length: > 0 } role ? role : null,
        };
    }

    static readonly string[] s_imageTagParameters = ["AuthImageTag", "UserImageTag", "BillingImageTag", "NotificationImageTag"];
    static readonly string[] s_buildSetParameters = ["EnvironmentName", "AcmCertificateArn", "ServicesEnabled", .. s_imageTagParameters];

    Dictionary<string, string> ParseStackParameters()
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in StackParameters)
        {
            var equals = entry.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
                throw new BuildException($"--stack-parameters '{entry}' is not Key=Value (e.g. SingleNatGateway=true).");
            var key = entry[..equals];
            if (s_buildSetParameters.Contains(key, StringComparer.Ordinal))
                throw new BuildException($"--stack-parameters: {key} is set by the build (from --env, --acm-certificate-arn, --tag and the deploy phase); remove it.");
            result[key] = entry[(equals + 1)..];
        }
        return result;
    }

    /// <summary>Bad input fails here, before any target runs and before any AWS request.</summary>
    void CheckDeployInputs()
    {
        if (IsLocal || Env is null)
            return;
        if (!s_stackEnvironments.Contains(Env, StringComparer.Ordinal))
            throw new BuildException($"--env {Env}: the template deploys only {string.Join(", ", s_stackEnvironments)} (or use --env local).");
        if (Region is { Length: > 0 } region && !AwsRegion.IsWellFormed(region))
            throw new BuildException($"--region '{region}' is not an AWS region name such as eu-west-1 (set it with --region, AWS_REGION or \"Region\" in .nuke/parameters.{Env}.json).");
        if (AcmCertificateArn is { Length: > 0 } arn && !CertificateArn().IsMatch(arn))
            throw new BuildException($"--acm-certificate-arn '{arn}' is not an ACM certificate ARN (arn:aws:acm:<region>:<account>:certificate/<id>); set it with --acm-certificate-arn or \"AcmCertificateArn\" in .nuke/parameters.{Env}.json.");
        if (CloudFormationRoleArn is { Length: > 0 } roleArn && !RoleArnPattern().IsMatch(roleArn))
            throw new BuildException($"--cloud-formation-role-arn '{roleArn}' is not an IAM role ARN (arn:aws:iam::<account>:role/<name>); set it with --cloud-formation-role-arn or \"CloudFormationRoleArn\" in .nuke/parameters.{Env}.json.");
        if (!StackNamePattern().IsMatch(ResolvedStackName))
            throw new BuildException($"--stack-name '{ResolvedStackName}' is not a stack name (a letter, then letters, digits and '-', at most 128).");
        if (Tag is { Length: > 0 } tag && !ImageTagPattern().IsMatch(tag))
            throw new BuildException($"--tag '{tag}' is not an image tag (letters, digits, '_', '.', '-'; at most 128; not starting with '.' or '-').");
        ParseStackParameters();
        _ = Template;
    }

    [GeneratedRegex(@"^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate/[A-Za-z0-9-]+$")]
    private static partial Regex CertificateArn();

    [GeneratedRegex(@"^arn:aws[a-z-]*:iam::\d{12}:role/[\w+=,.@/-]{1,512}$")]
    private static partial Regex RoleArnPattern();

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9-]{0,127}$")]
    private static partial Regex StackNamePattern();

    [GeneratedRegex(@"^[\w][\w.-]{0,127}$")]
    private static partial Regex ImageTagPattern();
}
