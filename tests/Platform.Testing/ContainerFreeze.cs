using Docker.DotNet;
using DotNet.Testcontainers.Containers;

namespace Platform.Testing;

/// <summary>
/// <c>docker pause</c> for the stall tests. runc freezes the container's cgroup and gives up ("unable to freeze") when a
/// process in it does not reach the frozen state in time, which a loaded machine sees now and then (a full run on the
/// 2-core CI machine, 2026-12-01); it thaws what it froze, so trying again a moment later is safe.
/// </summary>
public static class ContainerFreeze
{
    private const int Attempts = 5;

    public static async Task PauseAsync(IContainer container, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(container);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await container.PauseAsync(cancellationToken);
                return;
            }
            catch (DockerApiException exception) when (attempt < Attempts && exception.Message.Contains("unable to freeze", StringComparison.Ordinal))
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt), cancellationToken);
            }
        }
    }
}
