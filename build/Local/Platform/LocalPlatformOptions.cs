namespace Platform.Build.Local.Platform;

/// <summary>How <c>--env local</c> runs: images, the gateway's port, budgets. <see cref="FromEnvironment"/> gives the defaults.</summary>
public sealed record LocalPlatformOptions
{
    public const string PostgresImageVariable = "PLATFORM_POSTGRES_IMAGE";
    public const string SqsImageVariable = "PLATFORM_SQS_IMAGE";

    /// <summary>The official image, pinned; the same default as the services' tests (tests/Platform.Testing/TestImages.cs).</summary>
    public const string DefaultPostgresImage = "postgres:17.6";

    /// <summary>The services' tests' default too: LocalStack 4.14 is the last tag that runs without an auth token.</summary>
    public const string DefaultSqsImage = "localstack/localstack:4.14";

    /// <summary>Images <c>&lt;ImagePrefix&gt;&lt;service&gt;:&lt;Tag&gt;</c>, as ContainerBuild tags them.</summary>
    public required string Tag { get; init; }

    public string ImagePrefix { get; init; } = "platform/";

    /// <summary>The gateway (the ALB stand-in) on 127.0.0.1:<see cref="GatewayPort"/>. 8000 leaves 8080 to a service run from an IDE.</summary>
    public int GatewayPort { get; init; } = 8000;

    /// <summary>The trace viewer's UI (and its /api/telemetry) on 127.0.0.1:<see cref="DashboardPort"/>; its OTLP ports stay inside the network.</summary>
    public int DashboardPort { get; init; } = 18888;

    public Uri DashboardUrl => new($"http://127.0.0.1:{DashboardPort}");

    public string PostgresImage { get; init; } = DefaultPostgresImage;

    public string SqsImage { get; init; } = DefaultSqsImage;

    /// <summary>Names carry it as the template's do: queue <c>local-platform-events</c>, issuer <c>https://local.platform/auth</c>.</summary>
    public string EnvironmentName { get; init; } = "local";

    public string Region { get; init; } = "us-east-1";

    /// <summary>Containers, network and volume are named <c>&lt;Name&gt;-…</c> and labelled with it, so Down finds exactly them.</summary>
    public string Name { get; init; } = "platform-local";

    public string DatabaseName { get; init; } = "platform";

    public string DatabaseUser { get; init; } = "platform";

    /// <summary>How long Up waits for every service to answer its deep health check through the gateway.</summary>
    public TimeSpan HealthBudget { get; init; } = TimeSpan.FromMinutes(3);

    /// <summary>How long a replaced container may drain after SIGTERM (the template's deregistration delay is 30 s).</summary>
    public int StopTimeoutSeconds { get; init; } = 30;

    /// <summary>
    /// .NET runtime variables for the services' and the gateway's containers, beyond the task definition's contract (kept
    /// across a redeploy). None by default: Up and the benchmark run the runtime's defaults, as ECS does. The tests set
    /// <c>DOTNET_TieredPGO=0</c> (<see cref="ShortLivedRuntime"/>).
    /// </summary>
    public IReadOnlyDictionary<string, string> RuntimeSettings { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// For containers that live seconds under a burst of requests: no profile-guided re-JIT, which compiles every hot method
    /// twice more (instrumented, then optimised). The whole-platform test's containers used 21 instead of 32 CPU-seconds
    /// with it (2026-12-02, docs/design/test-speed.md); a long-lived task earns the re-JIT back, so production keeps it.
    /// </summary>
    public static IReadOnlyDictionary<string, string> ShortLivedRuntime { get; } = new Dictionary<string, string> { ["DOTNET_TieredPGO"] = "0" };

    /// <summary>Each service role's generated password, one directory per role (LocalDatabaseRoles); removed by Down.</summary>
    public string SecretsDirectory
    {
        get => _secretsDirectory ?? Path.Combine(Path.GetTempPath(), $"{Name}-db-roles");
        init => _secretsDirectory = value;
    }

    private readonly string? _secretsDirectory;

    public Uri GatewayUrl => new($"http://127.0.0.1:{GatewayPort}");

    public string Network => Name;

    public const string Label = "io.platform.local";

    public string QueueName => $"{EnvironmentName}-platform-events";

    public string DeadLetterQueueName => $"{EnvironmentName}-platform-events-dlq";

    /// <summary>
    /// PLATFORM_POSTGRES_IMAGE / PLATFORM_SQS_IMAGE when set (CI's local images), else the pinned public images. The variables
    /// are read through <paramref name="environment"/> (the build host's, so in-process builds can set their own); default: the process.
    /// </summary>
    public static LocalPlatformOptions FromEnvironment(string tag, Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        string? Variable(string name) => environment(name) is { Length: > 0 } value ? value : null;
        return new()
        {
            Tag = tag,
            PostgresImage = Variable(PostgresImageVariable) ?? DefaultPostgresImage,
            SqsImage = Variable(SqsImageVariable) ?? DefaultSqsImage,
        };
    }
}
