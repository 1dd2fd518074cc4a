using BuildCore;

// The stages that later issues build. Each moves, with its parameters, into its own file
// (Build.Containers.cs, Build.Deploy.cs, Build.SmokeTest.cs); targets are found by reflection, so new files just work.
partial class Build
{
    [Parameter("Image tag for the service images.")]
    readonly string? Tag;

    [Parameter("Container registry to push to, e.g. 123456789012.dkr.ecr.eu-west-1.amazonaws.com or 127.0.0.1:5000.")]
    readonly string? Registry;

    [Parameter("CloudFormation stack name, e.g. dev-platform.")]
    readonly string? StackName;

    [Parameter("ARN of the ACM certificate for the load balancer's HTTPS listener.")]
    readonly string? AcmCertificateArn;

    [Parameter("Base URL the smoke test calls, e.g. https://dev.example.com.")]
    readonly string? BaseUrl;

    Target ContainerBuild => _ => _
        .Description("Builds one container image per service.")
        .DependsOn(Test)
        .Executes(() => NotBuiltYet(nameof(ContainerBuild)));

    Target Push => _ => _
        .Description("Pushes the service images to the registry.")
        .DependsOn(ContainerBuild)
        .Executes(() => NotBuiltYet(nameof(Push)));

    Target DeployStack => _ => _
        .Description("Creates or updates the CloudFormation stack.")
        .DependsOn(Push)
        .Requires(() => Env, () => Region)
        .Executes(() => NotBuiltYet(nameof(DeployStack)));

    Target ForceRedeploy => _ => _
        .Description("Forces the ECS services to roll onto the new images.")
        .DependsOn(DeployStack)
        .Executes(() => NotBuiltYet(nameof(ForceRedeploy)));

    Target SmokeTest => _ => _
        .Description("Calls the deployed services' health endpoints.")
        .DependsOn(ForceRedeploy)
        .Executes(() => NotBuiltYet(nameof(SmokeTest)));

    static void NotBuiltYet(string target) =>
        throw new BuildException($"{target} is not built yet: a later issue gives it its body.");
}
