using System.Net;
using System.Text;
using Platform.Build.Local.Docker;

namespace BuildTests.Deploy;

/// <summary>A docker client that records each command (and what went to stdin) and succeeds, except that buildx is absent.</summary>
internal sealed class RecordingDocker : DockerCli
{
    public List<(string Command, string? Stdin)> Commands { get; } = [];

    public override Task<DockerResult> RunAsync(DockerCommand command, string? standardInput = null, Action<string>? onLine = null, CancellationToken cancellationToken = default)
    {
        lock (Commands)
            Commands.Add((string.Join(' ', command.Arguments), standardInput));
        var buildx = command.Arguments is ["buildx", ..];
        return Task.FromResult(new DockerResult(buildx ? 1 : 0, "", buildx ? "docker: 'buildx' is not a docker command." : "", []));
    }
}

/// <summary>A registry's manifest endpoint answering an image index with the given platforms for every tag.</summary>
internal sealed class ManifestRegistry(params string[] platforms) : HttpMessageHandler
{
    public List<string> Requested { get; } = [];

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        lock (Requested)
            Requested.Add(request.RequestUri!.ToString());
        var manifests = string.Join(",", platforms.Select(p =>
            "{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"sha256:" + new string('a', 64) + "\",\"size\":1," +
            $"\"platform\":{{\"os\":\"{p.Split('/')[0]}\",\"architecture\":\"{p.Split('/')[1]}\"}}}}"));
        var body = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":[" + manifests + "]}";
        return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "application/vnd.oci.image.index.v1+json") });
    }
}
