using BuildCore;
using Platform.FakeAws;

namespace BuildTests.Deploy;

/// <summary>
/// The real Build against an in-process fake AWS: endpoint, keys and region reach the build through the host's
/// environment function only, so these tests run in parallel with each other and never touch the process environment.
/// </summary>
internal sealed class DeployHarness : IAsyncDisposable
{
    public const string Certificate = "arn:aws:acm:eu-west-1:123456789012:certificate/0b1c2d3e-aaaa-bbbb-cccc-1234567890ab";

    public const string Cluster = "dev-ecs-cluster";

    public const string Stack = "dev-microservices-platform";

    public static readonly IReadOnlyList<string> Services = ["auth-service", "user-service", "billing-service", "notification-service"];

    DeployHarness(FakeAwsServer aws)
    {
        Aws = aws;
        Docker = new RecordingDocker(aws.Ecr);
    }

    public FakeAwsServer Aws { get; }

    /// <summary>The docker client of builds run without one of their own: its pushes land in the fake ECR.</summary>
    public RecordingDocker Docker { get; }

    /// <summary>Extra variables (PLATFORM_* parameters, or removing the AWS ones by setting them to null).</summary>
    public Dictionary<string, string?> Environment { get; } = [];

    /// <summary>A fake AWS whose ACM holds <see cref="Certificate"/>, ISSUED and valid for a year.</summary>
    public static async Task<DeployHarness> StartAsync()
    {
        var harness = new DeployHarness(await FakeAwsServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken));
        harness.Aws.Acm.AddCertificate(Certificate);
        return harness;
    }

    /// <summary>Adds the four ECS services of dev (cluster dev-ecs-cluster), as a stack's phase 2 would have created them.</summary>
    public Dictionary<string, FakeEcsService> AddDevServices(int stabiliseAfter = 2)
    {
        var services = new Dictionary<string, FakeEcsService>(StringComparer.Ordinal);
        foreach (var name in Services)
            services[name] = Aws.Ecs.AddService(Cluster, $"dev-{name}", stabiliseAfter);
        return services;
    }

    /// <summary>The four dev images under this tag in the fake ECR, as a Push of this tag (by another run) leaves them.</summary>
    public void SeedImages(string tag, params string[] platforms)
    {
        foreach (var name in Services)
            Aws.Ecr.PushImage($"dev/{name}", [tag], platforms.Length > 0 ? platforms : ["linux/amd64"]);
    }

    /// <summary>Runs the build; polls every 2 ms. Output is captured; <paramref name="cancelWhen"/> presses Ctrl+C when a line contains it.</summary>
    public async Task<(int ExitCode, string Output)> RunAsync(string args, string? rootDirectory = null, string? cancelWhen = null, Build? build = null)
    {
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        using var writer = new WatchingWriter(cancelWhen, cancellation);
        var variables = new Dictionary<string, string?>(StringComparer.Ordinal) { ["PLATFORM_POLL_INTERVAL_MILLISECONDS"] = "2" };
        foreach (var (key, value) in Aws.EnvironmentVariables)
            variables[key] = value;
        foreach (var (key, value) in Environment)
            variables[key] = value;
        var host = new BuildHost
        {
            Out = writer,
            RootDirectory = rootDirectory ?? BuildRun.RepositoryRoot,
            GetEnvironmentVariable = name => variables.GetValueOrDefault(name),
            CancellationToken = cancellation.Token,
            Width = 4000,
        };
        // Validate's local template checks run dotnet test; here they are recorded instead.
        build ??= new Build { Docker = Docker, RegistryHandler = Aws.Ecr.Registry, TemplateTests = _ => Task.CompletedTask, NewSigningKeyPem = OneSigningKey.Make };
        var exitCode = await BuildEngine.RunAsync(build, args.Split(' ', StringSplitOptions.RemoveEmptyEntries), host, "Compile");
        var output = writer.ToString();
        // For the notes: BUILD_TESTS_OUTPUT_DIR=dir saves every run's console output, named after the test.
        if (System.Environment.GetEnvironmentVariable("BUILD_TESTS_OUTPUT_DIR") is { Length: > 0 } directory)
        {
            Directory.CreateDirectory(directory);
            var name = TestContext.Current.Test?.TestDisplayName.Split('.')[^1] ?? "run";
            await File.AppendAllTextAsync(Path.Combine(directory, name + ".txt"), $"$ ./build.sh {args}{System.Environment.NewLine}{output}{System.Environment.NewLine}", CancellationToken.None);
        }
        return (exitCode, output);
    }

    public int Count(string operation) => Aws.Requests.Count(r => r.Operation == operation);

    /// <summary>PutObject requests for templates (the deploy history is written beside them: docs/design/deploy-timings.md).</summary>
    public int TemplateUploads() =>
        Aws.Requests.Count(r => r.Operation == "PutObject" && r.Parameters.GetValueOrDefault("Key")?.StartsWith("templates/", StringComparison.Ordinal) == true);

    public ValueTask DisposeAsync() => Aws.DisposeAsync();

    /// <summary>Captures output and cancels the run once a line contains the trigger, as a Ctrl+C at that moment would.</summary>
    sealed class WatchingWriter(string? trigger, CancellationTokenSource cancellation) : StringWriter
    {
        bool _pressed;

        public override void Write(string? value)
        {
            base.Write(value);
            if (trigger is not null && !_pressed && value?.Contains(trigger, StringComparison.Ordinal) == true)
            {
                _pressed = true;
                // Off this thread: cancellation callbacks must not run inside the build's output lock.
                _ = Task.Run(cancellation.Cancel);
            }
        }

        public override void Write(char value) => base.Write(value);
    }
}
