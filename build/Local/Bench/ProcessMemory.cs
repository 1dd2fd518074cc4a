using System.Globalization;

namespace Platform.Build.Local.Bench;

/// <summary>
/// A process's resident memory split as /proc/&lt;pid&gt;/smaps_rollup splits it: anonymous pages (the managed heap, native
/// allocations such as Argon2's blocks, thread stacks) and the rest (mapped files: the runtime, the framework, libsodium).
/// </summary>
public sealed record ProcessMemory(long RssKib, long AnonymousKib)
{
    public long FileBackedKib => RssKib - AnonymousKib;

    public static ProcessMemory Parse(string smapsRollup)
    {
        long Field(string name) => long.Parse(
            smapsRollup.Split('\n').Single(l => l.StartsWith(name + ":", StringComparison.Ordinal))[(name.Length + 1)..].Replace("kB", "", StringComparison.Ordinal).Trim(),
            CultureInfo.InvariantCulture);
        return new ProcessMemory(Field("Rss"), Field("Anonymous"));
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"RSS {RssKib / 1024.0:0} MiB (anonymous {AnonymousKib / 1024.0:0}, file-backed {FileBackedKib / 1024.0:0})");
}
