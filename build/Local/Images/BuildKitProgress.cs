using System.Text.RegularExpressions;

namespace Platform.Build.Local.Images;

/// <summary>
/// Reads BuildKit's plain progress as it streams and tells whether every Dockerfile step came from the cache. The log,
/// not the image id: with the containerd image store a fully cached build still gets a new id.
/// </summary>
internal sealed partial class BuildKitProgress
{
    private readonly HashSet<string> _steps = new(StringComparer.Ordinal);
    private readonly HashSet<string> _cached = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>True when the build had steps besides FROM and each of them was CACHED (FROM reports DONE on a cached rebuild).</summary>
    public bool AllStepsCached
    {
        get
        {
            lock (_gate)
            {
                return _steps.Count > 0 && _steps.IsSubsetOf(_cached);
            }
        }
    }

    /// <summary>Takes one output line; Docker's stdout and stderr may call this from two threads.</summary>
    public void Observe(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        if (StepPattern().Match(line) is { Success: true } step)
        {
            lock (_gate)
            {
                _steps.Add(step.Groups["vertex"].Value);
            }
        }
        else if (CachedPattern().Match(line) is { Success: true } cached)
        {
            lock (_gate)
            {
                _cached.Add(cached.Groups["vertex"].Value);
            }
        }
    }

    // "#5 [2/3] RUN …", "#9 [build 3/7] COPY …", "#9 [linux/arm64 build 3/7] …": a Dockerfile instruction other than FROM.
    [GeneratedRegex(@"^#(?<vertex>\d+) \[(?:[^\]]* )?\d+/\d+\] (?!FROM\b)[A-Z]+\b")]
    private static partial Regex StepPattern();

    [GeneratedRegex(@"^#(?<vertex>\d+) CACHED\s*$")]
    private static partial Regex CachedPattern();
}
