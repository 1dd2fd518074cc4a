namespace Platform.Build.Local.Registry;

/// <summary>A pushed image: <c>registry/name:tag</c>, e.g. <c>127.0.0.1:5000/platform/auth-service:abc123</c>.</summary>
public sealed record ImageReference(string Registry, string Repository, string Tag)
{
    public static ImageReference Parse(string image)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(image);
        var slash = image.IndexOf('/', StringComparison.Ordinal);
        var first = slash < 0 ? "" : image[..slash];
        // Docker's rule: the first component is a registry host when it has a '.' or ':' or is "localhost".
        if (slash < 0 || !(first.Contains('.', StringComparison.Ordinal) || first.Contains(':', StringComparison.Ordinal) || first == "localhost"))
        {
            throw new PlatformException($"image '{image}' names no registry host (expected registry/name:tag, e.g. 127.0.0.1:5000/platform/auth-service:dev)");
        }

        var rest = image[(slash + 1)..];
        var colon = rest.LastIndexOf(':');
        if (colon <= 0 || colon == rest.Length - 1 || rest.Contains('@', StringComparison.Ordinal))
        {
            throw new PlatformException($"image '{image}' has no tag (expected registry/name:tag)");
        }

        return new ImageReference(first, rest[..colon], rest[(colon + 1)..]);
    }

    /// <summary>Plain HTTP for a registry on the loopback interface (as Docker allows), HTTPS for everything else.</summary>
    public Uri BaseUri
    {
        get
        {
            var host = Registry.StartsWith('[') ? Registry[..(Registry.IndexOf(']', StringComparison.Ordinal) + 1)] : Registry.Split(':')[0];
            var loopback = host is "localhost" or "[::1]" || host.StartsWith("127.", StringComparison.Ordinal);
            return new Uri($"{(loopback ? "http" : "https")}://{Registry}/");
        }
    }

    public override string ToString() => $"{Registry}/{Repository}:{Tag}";
}
