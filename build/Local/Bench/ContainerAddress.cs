using Platform.Build.Local.Docker;

namespace Platform.Build.Local.Bench;

/// <summary>
/// A container's address on its Docker network, reachable from the host on Linux. The benchmark loads a service and the
/// bare API the same way, straight to the container, so the ratio charges neither the gateway's hop nor a published
/// port's proxy to one side only.
/// </summary>
public static class ContainerAddress
{
    /// <summary>The one running container labelled <c>io.platform.local.service=&lt;platform&gt;/&lt;service&gt;</c> (what Up starts).</summary>
    public static async Task<Uri> OfServiceAsync(DockerCli docker, string platform, string service, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(docker);
        var names = (await docker.RunCheckedAsync(
                new DockerCommand(["ps", "--filter", $"label=io.platform.local.service={platform}/{service}", "--format", "{{.Names}}"]), cancellationToken: cancellationToken))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return names switch
        {
            [var name] => await OfContainerAsync(docker, name, cancellationToken),
            [] => throw new PlatformException($"{service} is not running on the local platform; run ./build.sh Up --env local first."),
            _ => throw new PlatformException($"{service} has {names.Length} containers ({string.Join(", ", names)}), as in the middle of a redeploy; run the benchmark once it is done."),
        };
    }

    public static async Task<Uri> OfContainerAsync(DockerCli docker, string container, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(docker);
        var address = (await docker.RunCheckedAsync(
            new DockerCommand(["inspect", "-f", "{{range .NetworkSettings.Networks}}{{.IPAddress}} {{end}}", container]), cancellationToken: cancellationToken)).Trim().Split(' ')[0];
        return address.Length > 0
            ? new Uri($"http://{address}:8080/")
            : throw new PlatformException($"container {container} has no network address");
    }
}
