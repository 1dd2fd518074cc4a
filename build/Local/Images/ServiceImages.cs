namespace Platform.Build.Local.Images;

/// <summary>The images of the platform: each is built from services/&lt;name&gt;/Dockerfile with the repository root as context.</summary>
public static class ServiceImages
{
    public const string Gateway = "local-gateway";

    /// <summary>The trace viewer of <c>--env local</c> (the Aspire dashboard from its NuGet package; docs/design/tracing.md).</summary>
    public const string Dashboard = "aspire-dashboard";

    /// <summary>The four services, as the CloudFormation template and the ECR repositories name them.</summary>
    public static readonly IReadOnlyList<string> Services = ["auth-service", "user-service", "billing-service", "notification-service"];

    /// <summary>What <c>--env local</c> runs: the services, the ALB stand-in and the trace viewer.</summary>
    public static readonly IReadOnlyList<string> Local = [.. Services, Gateway, Dashboard];

    public static string Dockerfile(string repositoryRoot, string name) => Path.Combine(repositoryRoot, "services", name, "Dockerfile");

    /// <summary><c>platform/</c> + <c>auth-service</c> + <c>:tag</c>; the prefix ends with '/' or is empty.</summary>
    public static string Reference(string repositoryPrefix, string name, string tag) => $"{repositoryPrefix}{name}:{tag}";
}
