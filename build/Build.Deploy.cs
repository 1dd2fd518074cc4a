using BuildCore;
using Platform.Build.Deploy;
using Platform.Build.Local.Images;
using DeployTemplate = Platform.Build.Deploy.TemplateFile;

// DeployStack: the CloudFormation stack through a change set (phase 1 without services on a first deploy, see
// docs/design/two-phase-first-deploy.md); ForceRedeploy: the ECS services onto new tasks, unless this run's deploy just did that.
partial class Build
{
    [Parameter("CloudFormation stack name. Default: <env>-microservices-platform (what cloudformation/github-oidc.yaml allows by default).")]
    readonly string? StackName;

    [Parameter("ARN of the ACM certificate for the load balancer's HTTPS listener, in the stack's region (every environment but local).",
        ReadBy = [nameof(DeployStack), nameof(Push), nameof(Promote)])]
    readonly string? AcmCertificateArn;

    [Parameter("More template parameters as Key=Value, e.g. SingleNatGateway=true DesiredCount=1 (profile: a JSON array).",
        ReadBy = [nameof(DeployStack), nameof(Push), nameof(Promote)])]
    readonly string[] StackParameters = [];

    [Parameter("Role CloudFormation assumes to change the stack, e.g. the CloudFormationRoleArn output of cloudformation/github-oidc.yaml. Default: the caller's permissions.",
        ReadBy = [nameof(DeployStack), nameof(Push), nameof(Promote)])]
    readonly string? CloudFormationRoleArn;

    [Parameter("DeployStack: create and print the change set, then stop without executing it (the engine's --plan runs nothing at all).",
        ReadBy = [nameof(DeployStack)])]
    readonly bool ChangeSetOnly;

    [Parameter("DeployStack: a stack in ROLLBACK_COMPLETE (its first create failed) is deleted and created again.", ReadBy = [nameof(DeployStack), nameof(Push), nameof(Promote)])]
    readonly bool RecreateFailedStack;

    [Parameter("ForceRedeploy: roll all four services, even those this run's DeployStack has just rolled.", ReadBy = [nameof(ForceRedeploy)])]
    readonly bool Force;

    /// <summary>Makes the JWT signing key a first deploy stores; tests of the build hand out one key made once per run.</summary>
    internal Func<string> NewSigningKeyPem { get; init; } = SigningKeyBootstrap.NewKeyPem;

    [Parameter("Seconds a stack operation (or one already running) may take.", ReadBy = [nameof(DeployStack), nameof(Push), nameof(Promote)])]
    readonly int StackBudgetSeconds = 3600;

    [Parameter("Seconds a change set may take to be ready.", ReadBy = [nameof(DeployStack), nameof(Push), nameof(Promote)])]
    readonly int ChangeSetBudgetSeconds = 300;

    [Parameter("Seconds the ECS deployments may take to reach COMPLETED.", ReadBy = [nameof(DeployStack), nameof(ForceRedeploy), nameof(Promote)])]
    readonly int RolloutBudgetSeconds = 900;

    string ResolvedStackName => StackName is { Length: > 0 } name ? name : $"{Env}-microservices-platform";

    string ClusterName => $"{Env}-ecs-cluster";

    IReadOnlyList<string> EcsServiceNames => [.. ServiceImages.Services.Select(s => $"{Env}-{s}")];

    /// <summary>The deployments this run's DeployStack produced; ForceRedeploy reads it.</summary>
    internal RolloutLedger Rollouts { get; } = new();

    DeployTemplate? _template;

    /// <summary>Read once and checked (readable, YAML, under the TemplateBody size limit) before any AWS call.</summary>
    DeployTemplate Template => _template ??= DeployTemplate.Read(TemplateFile, Path.GetRelativePath(RootDirectory, TemplateFile));

    DeployInputs DeployInputs => new()
    {
        Environment = Env!,
        Region = Region,
        AcmCertificateArn = AcmCertificateArn,
        CloudFormationRoleArn = CloudFormationRoleArn,
        StackName = ResolvedStackName,
        Tag = Tag,
        StackParameters = StackParameters,
        Template = Template,
    };

    Target DeployStack => _ => _
        .Description("Creates or updates the stack through a change set (printed first): phase 1 without services on a new stack, then the services once their images are in ECR.")
        .DependsOn(Validate, Push)
        .Requires(() => Env)
        .RequiresWhen(() => !IsLocal, "--env is not local", () => Region, () => AcmCertificateArn)
        .Validates(CheckDeployInputs)
        .Validates(CheckDeployInputsRemotelyAsync)
        .Executes(ct => Platform.DeployAsync(ct));

    Target ForceRedeploy => _ => _
        .Description("Rolls the four ECS services onto new tasks and waits until each is COMPLETED, except those this run's DeployStack just rolled (--force: all). Local: replaces each container.")
        .DependsOn(DeployStack)
        .Requires(() => Env)
        .RequiresWhen(() => !IsLocal, "--env is not local", () => Region)
        .Validates(CheckDeployInputs)
        .Executes(ct => Platform.RedeployAsync(ct));

    /// <summary>Bad input fails here, before any target runs and before any AWS request.</summary>
    void CheckDeployInputs()
    {
        if (Env is not null)
            Platform.CheckInputs();
    }

    Task CheckDeployInputsRemotelyAsync(CancellationToken cancellationToken) =>
        Env is null ? Task.CompletedTask : Platform.CheckInputsRemotelyAsync(cancellationToken);
}
