using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Platform.Build.Local.Docker;
using Platform.Build.Local.Images;

namespace Platform.Build.Local.Platform;

/// <summary>
/// The platform on the local Docker engine: PostgreSQL, the SQS emulator with the events queue and its DLQ, the four
/// services from the built images and the gateway (the ALB stand-in) on 127.0.0.1. Every container, the network and the
/// volume carry the label <c>io.platform.local=&lt;Name&gt;</c>, which is how Down and Redeploy find them.
/// </summary>
public sealed class LocalPlatform(DockerCli docker, LocalPlatformOptions options, TextWriter log, HttpMessageHandler? handler = null)
{
    internal const string ServiceLabel = "io.platform.local.service";
    private const string GenerationLabel = "io.platform.local.generation";

    private readonly TextWriter _log = TextWriter.Synchronized(log);

    public LocalPlatformOptions Options => options;

    private string LabelFilter => $"{LocalPlatformOptions.Label}={options.Name}";

    private string PostgresContainer => $"{options.Name}-postgres";

    private string SqsContainer => $"{options.Name}-sqs";

    public string GatewayContainer => $"{options.Name}-gateway";

    private string DashboardContainer => $"{options.Name}-dashboard";

    private string Volume => $"{options.Name}-pgdata";

    /// <summary>Starts everything and waits until each service's deep health check answers ok through the gateway; returns the gateway's URL.</summary>
    public async Task<Uri> UpAsync(CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        await RequireImagesAsync(cancellationToken);
        if ((await ListResourcesAsync(cancellationToken)).Count > 0)
        {
            _log.WriteLine($"removing the previous {options.Name} (Up starts from scratch; its database goes with it)");
            await DownAsync(cancellationToken);
        }

        RequireFreePort(options.GatewayPort, "gateway port");
        RequireFreePort(options.DashboardPort, "trace viewer port");
        var secrets = LocalSecrets.Generate();
        var labels = Labels();
        await docker.RunCheckedAsync(DockerCommandLine.NetworkCreate(options.Network, labels), cancellationToken: cancellationToken);
        await docker.RunCheckedAsync(DockerCommandLine.VolumeCreate(Volume, labels), cancellationToken: cancellationToken);
        _log.WriteLine($"network {options.Network}, volume {Volume}");

        // First, so the services' first spans (and migrations' logs) have somewhere to go.
        await StartAsync(new ContainerSpec(DashboardContainer, Image(ServiceImages.Dashboard))
        {
            Network = options.Network,
            NetworkAliases = [ServiceEnvironment.DashboardAlias],
            Labels = labels,
            Ports = [(options.DashboardPort, ServiceEnvironment.DashboardUiPort)],
            Tmpfs = ["/tmp"],
        }, cancellationToken);

        await StartAsync(new ContainerSpec(PostgresContainer, options.PostgresImage)
        {
            Network = options.Network,
            NetworkAliases = [ServiceEnvironment.PostgresAlias],
            Labels = labels,
            Environment = new Dictionary<string, string> { ["POSTGRES_USER"] = options.DatabaseUser, ["POSTGRES_DB"] = options.DatabaseName },
            SecretEnvironment = new Dictionary<string, string> { ["POSTGRES_PASSWORD"] = secrets.DatabasePassword },
            Volumes = [(Volume, "/var/lib/postgresql/data")],
        }, cancellationToken);
        await StartAsync(new ContainerSpec(SqsContainer, options.SqsImage)
        {
            Network = options.Network,
            NetworkAliases = [ServiceEnvironment.SqsAlias],
            Labels = labels,
            // LocalStack starts only the services it is told to; fauxqs ignores the variable.
            Environment = new Dictionary<string, string> { ["SERVICES"] = "sqs" },
            // Published (on 127.0.0.1, a free port) only so that this process can create the queues.
            Ports = [(0, ServiceEnvironment.SqsPort)],
            // Up probes the emulator itself and every service's deep health reports sqs_access. An image's own check
            // runs all the while the platform is up: the CI stand-in's starts node every 3 s, 1.4 CPU-seconds per 30 s
            // on the 2-core CI machine (2026-12-02).
            NoHealthcheck = true,
        }, cancellationToken);

        var sqsEndpoint = await PublishedUrlAsync(SqsContainer, ServiceEnvironment.SqsPort, cancellationToken);
        await Wait.UntilAsync("the SQS emulator", ct => QueueProvisioner.ProbeAsync(sqsEndpoint, options.Region, ct), TimeSpan.FromSeconds(60), _log,
            message => WithLogsAsync(message, SqsContainer, cancellationToken), cancellationToken: cancellationToken);
        await QueueProvisioner.CreateAsync(sqsEndpoint, options.Region, options.QueueName, options.DeadLetterQueueName, cancellationToken);
        _log.WriteLine($"queues {options.QueueName} and {options.DeadLetterQueueName} (redrive after {QueueProvisioner.MaxReceiveCount} receives)");

        await Wait.UntilAsync("PostgreSQL", ct => PostgresReadyAsync(ct), TimeSpan.FromSeconds(60), _log,
            message => WithLogsAsync(message, PostgresContainer, cancellationToken), cancellationToken: cancellationToken);

        await RunDatabaseRolesAsync(secrets.DatabasePassword, labels, cancellationToken);
        foreach (var service in PlatformServices.All)
        {
            var (env, secret) = ServiceEnvironment.For(service, options, secrets.JwtPrivateKeyPem);
            await StartAsync(ServiceSpec(service, 1, env, secret), cancellationToken);
        }

        await StartAsync(new ContainerSpec(GatewayContainer, Image(ServiceImages.Gateway))
        {
            Network = options.Network,
            Labels = labels,
            Ports = [(options.GatewayPort, ServiceEnvironment.ServicePort)],
            Environment = options.RuntimeSettings,
            ReadOnlyRootFilesystem = true,
            Tmpfs = ["/tmp"],
        }, cancellationToken);

        await WaitHealthyThroughGatewayAsync(cancellationToken);
        _log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{options.Name} is up at {options.GatewayUrl} ({clock.Elapsed.TotalSeconds:0} s)"));
        _log.WriteLine($"traces and metrics: {options.DashboardUrl} (the Aspire dashboard; no sign-in, published on 127.0.0.1 only)");
        return options.GatewayUrl;
    }

    /// <summary>
    /// Replaces each service's container, one service at a time: start a new one under the same network alias, wait until
    /// its deep health check answers ok (asked from inside the network), then stop the old one with SIGTERM so it drains.
    /// </summary>
    public async Task RedeployAsync(CancellationToken cancellationToken = default)
    {
        await RequireImagesAsync(cancellationToken);
        await RequireRunningAsync(GatewayContainer, cancellationToken);
        foreach (var service in PlatformServices.All)
        {
            var clock = Stopwatch.StartNew();
            var old = await CurrentContainersAsync(service, cancellationToken);
            if (old.Count == 0)
            {
                throw new PlatformException($"{service.Name}: no running container of {options.Name}; run Up first");
            }

            var newest = old.MaxBy(c => c.Generation)!;
            var env = await ContractEnvironmentAsync(newest.Name, cancellationToken);
            var secret = env.Where(e => ServiceEnvironment.SecretNames.Contains(e.Key)).ToDictionary();
            var plain = env.Where(e => !ServiceEnvironment.SecretNames.Contains(e.Key)).ToDictionary();
            var spec = ServiceSpec(service, newest.Generation + 1, plain, secret);
            await StartAsync(spec, cancellationToken);

            var address = await AddressAsync(spec.Name, cancellationToken);
            var url = $"http://{address}:{ServiceEnvironment.ServicePort}{service.HealthPath}";
            await Wait.UntilAsync($"{spec.Name} at {url}", ct => ProbeInNetworkAsync(spec.Name, url, ct), options.HealthBudget, _log,
                message => WithLogsAsync(message, spec.Name, cancellationToken), cancellationToken: cancellationToken);
            var healthyAfter = clock.Elapsed;

            foreach (var container in old)
            {
                // docker stop sends SIGTERM: the service stops accepting and finishes what it has in flight.
                await docker.RunCheckedAsync(DockerCommandLine.Stop(container.Name, options.StopTimeoutSeconds), cancellationToken: cancellationToken);
                await docker.RunCheckedAsync(DockerCommandLine.RemoveContainers([container.Name]), cancellationToken: cancellationToken);
            }

            _log.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{service.Name}: {string.Join(", ", old.Select(c => c.Name))} -> {spec.Name} (healthy after {healthyAfter.TotalSeconds:0.0} s, old stopped after {(clock.Elapsed - healthyAfter).TotalSeconds:0.0} s)"));
        }
    }

    /// <summary>
    /// The role step before the services start, as DeployStack does on AWS: a one-off container of auth-service's image
    /// creates each service's role (its password from its file) and exits 0, or Up stops with its log.
    /// </summary>
    private async Task RunDatabaseRolesAsync(string superuserPassword, IReadOnlyDictionary<string, string> labels, CancellationToken cancellationToken)
    {
        var roles = new LocalDatabaseRoles(options);
        roles.WritePasswords();
        var spec = roles.StepSpec(Image("auth-service"), superuserPassword, labels);
        await StartAsync(spec, cancellationToken);
        var exitCode = (await docker.RunCheckedAsync(DockerCommandLine.WaitExit(spec.Name), cancellationToken: cancellationToken)).Trim();
        if (exitCode != "0")
        {
            throw new PlatformException(await WithLogsAsync($"the database role step ({spec.Name}) exited {exitCode}; no service was started", spec.Name, cancellationToken));
        }

        var logs = await docker.RunAsync(DockerCommandLine.Logs(spec.Name, 20), cancellationToken: cancellationToken);
        foreach (var line in logs.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            _log.WriteLine($"  {line}");
        }

        await docker.RunCheckedAsync(DockerCommandLine.RemoveContainers([spec.Name]), cancellationToken: cancellationToken);
    }

    /// <summary>Removes the platform's containers, network and volume. Nothing there is not an error.</summary>
    public async Task DownAsync(CancellationToken cancellationToken = default)
    {
        new LocalDatabaseRoles(options).DeletePasswords();
        var containers = await ListAsync(DockerCommandLine.ListContainers(LabelFilter), cancellationToken);
        if (containers.Count > 0)
        {
            await docker.RunCheckedAsync(DockerCommandLine.RemoveContainers(containers), cancellationToken: cancellationToken);
        }

        var networks = await ListAsync(DockerCommandLine.ListNetworks(LabelFilter), cancellationToken);
        foreach (var network in networks)
        {
            await docker.RunCheckedAsync(DockerCommandLine.RemoveNetwork(network), cancellationToken: cancellationToken);
        }

        var volumes = await ListAsync(DockerCommandLine.ListVolumes(LabelFilter), cancellationToken);
        foreach (var volume in volumes)
        {
            await docker.RunCheckedAsync(DockerCommandLine.RemoveVolume(volume), cancellationToken: cancellationToken);
        }

        _log.WriteLine(containers.Count + networks.Count + volumes.Count == 0
            ? $"{options.Name}: nothing to remove"
            : $"{options.Name}: removed {containers.Count} containers ({string.Join(", ", containers.Order(StringComparer.Ordinal))}), "
              + $"{networks.Count} network, {volumes.Count} volume");
    }

    /// <summary>The platform's containers, networks and volumes, as "container:name", "network:name", "volume:name".</summary>
    public async Task<IReadOnlyList<string>> ListResourcesAsync(CancellationToken cancellationToken = default) =>
    [
        .. (await ListAsync(DockerCommandLine.ListContainers(LabelFilter), cancellationToken)).Select(n => "container:" + n),
        .. (await ListAsync(DockerCommandLine.ListNetworks(LabelFilter), cancellationToken)).Select(n => "network:" + n),
        .. (await ListAsync(DockerCommandLine.ListVolumes(LabelFilter), cancellationToken)).Select(n => "volume:" + n),
    ];

    /// <summary>The running containers of a service (two only in the middle of a redeploy).</summary>
    public async Task<IReadOnlyList<(string Name, int Generation)>> CurrentContainersAsync(PlatformService service, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(service);
        var names = await ListAsync(DockerCommandLine.ListContainers($"{ServiceLabel}={options.Name}/{service.Name}"), cancellationToken);
        var prefix = $"{options.Name}-{service.Name}-";
        return [.. names.Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && int.TryParse(n[prefix.Length..], CultureInfo.InvariantCulture, out _))
            .Select(n => (n, int.Parse(n[prefix.Length..], CultureInfo.InvariantCulture)))];
    }

    private ContainerSpec ServiceSpec(PlatformService service, int generation, IReadOnlyDictionary<string, string> env, IReadOnlyDictionary<string, string> secret)
    {
        var labels = new Dictionary<string, string>(Labels())
        {
            [ServiceLabel] = $"{options.Name}/{service.Name}",
            [GenerationLabel] = generation.ToString(CultureInfo.InvariantCulture),
        };
        return new ContainerSpec($"{options.Name}-{service.Name}-{generation}", Image(service.Name))
        {
            Network = options.Network,
            // The gateway reaches a service by this alias; old and new container share it during a redeploy.
            NetworkAliases = [service.Name],
            Labels = labels,
            // The contract's variables (copied from the old container on a redeploy) and the options' runtime settings.
            Environment = env.Concat(options.RuntimeSettings).ToDictionary(StringComparer.Ordinal),
            SecretEnvironment = secret,
            // Its role's password, read again while it runs (DB_PASSWORD_FILE): a rewritten file needs no restart.
            Volumes = [new LocalDatabaseRoles(options).ServiceMount(service.Name)],
            ReadOnlyRootFilesystem = true,
            Tmpfs = ["/tmp"],
            StopTimeoutSeconds = options.StopTimeoutSeconds,
        };
    }

    private async Task WaitHealthyThroughGatewayAsync(CancellationToken cancellationToken)
    {
        using var http = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
        http.Timeout = TimeSpan.FromSeconds(10);
        var deadline = Stopwatch.StartNew();
        foreach (var service in PlatformServices.All)
        {
            var url = new Uri(options.GatewayUrl, service.HealthPath);
            var container = $"{options.Name}-{service.Name}-1";
            var remaining = options.HealthBudget - deadline.Elapsed;
            await Wait.UntilAsync($"{service.Name} ({url})", async ct =>
            {
                var state = await StateAsync(container, ct);
                if (state is not "running")
                {
                    // A container that exited will not come back: fail now, not at the end of the budget.
                    throw new PlatformException(await WithLogsAsync($"{service.Name}: container {container} is {state}", container, ct));
                }

                return await HealthProbe.GetAsync(http, url, ct);
            }, remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero, _log, message => WithLogsAsync(message, container, cancellationToken), cancellationToken: cancellationToken);
            _log.WriteLine($"  {service.Name}: healthy through the gateway");
        }
    }

    /// <summary>Asks from inside the network: the gateway image carries a probe mode (the service images have no curl).</summary>
    private async Task<Probe> ProbeInNetworkAsync(string container, string url, CancellationToken cancellationToken)
    {
        var state = await StateAsync(container, cancellationToken);
        if (state is not "running")
        {
            throw new PlatformException(await WithLogsAsync($"{container} is {state}", container, cancellationToken));
        }

        var result = await docker.RunAsync(DockerCommandLine.Exec(GatewayContainer, ["dotnet", "LocalGateway.dll", "probe", url]), cancellationToken: cancellationToken);
        return new Probe(result.Succeeded, HealthProbe.Truncate(string.Join(' ', result.LastLines)));
    }

    private async Task<Probe> PostgresReadyAsync(CancellationToken cancellationToken)
    {
        var result = await docker.RunAsync(
            DockerCommandLine.Exec(PostgresContainer, ["pg_isready", "-h", "127.0.0.1", "-U", options.DatabaseUser, "-d", options.DatabaseName]), cancellationToken: cancellationToken);
        return new Probe(result.Succeeded, string.Join(' ', result.LastLines));
    }

    private async Task StartAsync(ContainerSpec spec, CancellationToken cancellationToken)
    {
        await docker.RunCheckedAsync(DockerCommandLine.Run(spec), cancellationToken: cancellationToken);
        _log.WriteLine($"started {spec.Name} ({spec.Image})");
    }

    private async Task RequireImagesAsync(CancellationToken cancellationToken)
    {
        var missing = new List<string>();
        foreach (var name in ServiceImages.Local)
        {
            if (!(await docker.RunAsync(DockerCommandLine.ImageExists(Image(name)), cancellationToken: cancellationToken)).Succeeded)
            {
                missing.Add(Image(name));
            }
        }

        if (missing.Count > 0)
        {
            throw new PlatformException($"images missing: {string.Join(", ", missing)}; build them first (ContainerBuild --env local --tag {options.Tag})");
        }
    }

    /// <summary>Checked before anything starts: otherwise the gateway would fail last, after everything else is up.</summary>
    private static void RequireFreePort(int port, string what)
    {
        try
        {
            using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, port);
            listener.Start();
        }
        catch (System.Net.Sockets.SocketException exception)
        {
            throw new PlatformException($"{what}: 127.0.0.1:{port} is in use ({exception.SocketErrorCode}); choose another port", exception);
        }
    }

    private async Task RequireRunningAsync(string container, CancellationToken cancellationToken)
    {
        if (await StateAsync(container, cancellationToken) is not "running")
        {
            throw new PlatformException($"{container} is not running; run Up first");
        }
    }

    private async Task<string> StateAsync(string container, CancellationToken cancellationToken)
    {
        var result = await docker.RunAsync(DockerCommandLine.InspectState(container, options.Network), cancellationToken: cancellationToken);
        return result.Succeeded ? result.StandardOutput.Split('\t')[0].Trim() : "missing";
    }

    private async Task<string> AddressAsync(string container, CancellationToken cancellationToken)
    {
        var output = await docker.RunCheckedAsync(DockerCommandLine.InspectState(container, options.Network), cancellationToken: cancellationToken);
        var parts = output.Trim().Split('\t');
        return parts.Length == 2 && parts[1].Length > 0 ? parts[1] : throw new PlatformException($"{container} has no address on {options.Network}");
    }

    private async Task<Uri> PublishedUrlAsync(string container, int port, CancellationToken cancellationToken)
    {
        var output = await docker.RunCheckedAsync(DockerCommandLine.Port(container, port), cancellationToken: cancellationToken);
        // "127.0.0.1:49153" (one line per binding); we publish on 127.0.0.1 only.
        var binding = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault(l => l.StartsWith("127.0.0.1:", StringComparison.Ordinal))
            ?? throw new PlatformException($"{container}: port {port} is not published on 127.0.0.1 (docker port said '{output.Trim()}')");
        return new Uri("http://" + binding);
    }

    /// <summary>The contract variables of a running container (the secrets included), so its replacement gets the same.</summary>
    private async Task<Dictionary<string, string>> ContractEnvironmentAsync(string container, CancellationToken cancellationToken)
    {
        var output = await docker.RunCheckedAsync(new DockerCommand(["inspect", "--format", "{{json .Config.Env}}", container]), cancellationToken: cancellationToken);
        using var json = JsonDocument.Parse(output);
        return json.RootElement.EnumerateArray()
            .Select(e => (e.GetString() ?? "").Split('=', 2))
            .Where(p => p.Length == 2 && ServiceEnvironment.ContractNames.Contains(p[0]))
            .ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
    }

    private async Task<string> WithLogsAsync(string message, string container, CancellationToken cancellationToken)
    {
        var logs = await docker.RunAsync(DockerCommandLine.Logs(container, 20), cancellationToken: cancellationToken);
        var lines = (logs.StandardOutput + logs.StandardError).Split('\n', StringSplitOptions.RemoveEmptyEntries).TakeLast(20);
        return $"{message}{Environment.NewLine}last 20 lines of {container}'s log:{Environment.NewLine}{DockerCli.Indent(lines)}";
    }

    private async Task<IReadOnlyList<string>> ListAsync(DockerCommand command, CancellationToken cancellationToken) =>
        (await docker.RunCheckedAsync(command, cancellationToken: cancellationToken))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private Dictionary<string, string> Labels() => new() { [LocalPlatformOptions.Label] = options.Name };

    private string Image(string name) => ServiceImages.Reference(options.ImagePrefix, name, options.Tag);
}
