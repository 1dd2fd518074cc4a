using Platform.Build.Local.Docker;
using Platform.FakeAws;

namespace BuildTests.Deploy;

/// <summary>
/// A docker client that records each command (and what went to stdin) and succeeds, except that buildx is absent. Given the
/// fake ECR, a push to its registry lands there as an image of <see cref="Platforms"/> (what this host builds), and a push to a
/// repository that does not exist fails as docker reports it.
/// </summary>
internal sealed class RecordingDocker(FakeEcr? ecr = null) : DockerCli
{
    public List<(string Command, string? Stdin)> Commands { get; } = [];

    public IReadOnlyList<string> Platforms { get; init; } = ["linux/amd64"];

    /// <summary>With buildx: only <c>buildx imagetools create</c> is understood (a copy by digest within the fake ECR).</summary>
    public bool HasBuildx { get; init; }

    public override Task<DockerResult> RunAsync(DockerCommand command, string? standardInput = null, Action<string>? onLine = null, CancellationToken cancellationToken = default)
    {
        lock (Commands)
            Commands.Add((string.Join(' ', command.Arguments), standardInput));
        if (command.Arguments is ["push", var image] && ecr is not null && image.StartsWith(ecr.RegistryHost + "/", StringComparison.Ordinal))
            return Task.FromResult(PushToEcr(image));
        if (HasBuildx && command.Arguments is ["buildx", "version"])
            return Task.FromResult(new DockerResult(0, "github.com/docker/buildx v0.17.1", "", []));
        if (HasBuildx && command.Arguments is ["buildx", "imagetools", "create", "--tag", var target, var source] && ecr is not null)
            return Task.FromResult(CopyInEcr(source, target));
        var buildx = command.Arguments is ["buildx", ..];
        return Task.FromResult(new DockerResult(buildx ? 1 : 0, "", buildx ? "docker: 'buildx' is not a docker command." : "", []));
    }

    DockerResult CopyInEcr(string sourceByDigest, string target)
    {
        var source = sourceByDigest[(ecr!.RegistryHost.Length + 1)..];
        var path = target[(ecr.RegistryHost.Length + 1)..];
        try
        {
            var digest = ecr.CopyImage(source[..source.IndexOf('@', StringComparison.Ordinal)], source[(source.IndexOf('@', StringComparison.Ordinal) + 1)..],
                path[..path.LastIndexOf(':')], path[(path.LastIndexOf(':') + 1)..]);
            return new DockerResult(0, $"copied {digest}", "", []);
        }
        catch (InvalidOperationException e)
        {
            return new DockerResult(1, "", e.Message, [e.Message]);
        }
    }

    DockerResult PushToEcr(string image)
    {
        var path = image[(ecr!.RegistryHost.Length + 1)..];
        var (repository, tag) = (path[..path.LastIndexOf(':')], path[(path.LastIndexOf(':') + 1)..]);
        if (ecr.PushError(repository, tag) is { } error)
            return new DockerResult(1, "", error, [error]);
        ecr.PushImage(repository, [tag], Platforms);
        return new DockerResult(0, $"{tag}: digest: sha256:{new string('c', 64)} size: 1573", "", []);
    }
}
