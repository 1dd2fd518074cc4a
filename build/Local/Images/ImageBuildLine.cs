using System.Globalization;

namespace Platform.Build.Local.Images;

/// <summary>The one console line per image: name, outcome, duration, size, reference. Plain text, so CI logs read as a terminal does.</summary>
public static class ImageBuildLine
{
    public static string Succeeded(BuiltImage image, int nameWidth)
    {
        ArgumentNullException.ThrowIfNull(image);
        var size = image.SizeBytes is { } bytes ? Megabytes(bytes) : "";
        return Format(image.Name, nameWidth, image.Status.ToString().ToLowerInvariant(), image.Elapsed, $"{size,8}  {image.Image}");
    }

    public static string Failed(string name, int nameWidth, TimeSpan elapsed, int exitCode, string logFile) =>
        Format(name, nameWidth, "failed", elapsed, string.Create(CultureInfo.InvariantCulture, $"exit {exitCode}; BuildKit's log ({logFile}):"));

    private static string Format(string name, int nameWidth, string status, TimeSpan elapsed, string rest) =>
        string.Create(CultureInfo.InvariantCulture, $"{name.PadRight(nameWidth)}  {status,-6} {elapsed.TotalSeconds,6:0.0} s  {rest}").TrimEnd();

    // Decimal megabytes, as `docker image ls` shows sizes.
    private static string Megabytes(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1_000_000.0:0} MB");
}
