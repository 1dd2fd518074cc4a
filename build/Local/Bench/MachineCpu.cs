using System.Globalization;

namespace Platform.Build.Local.Bench;

/// <summary>
/// The whole machine's CPU time from /proc/stat (Linux, as the benchmark itself): busy and total jiffies, so a run can say
/// how much of the machine it had left. A p99 measured with the cores saturated is queueing, not the code path.
/// </summary>
public readonly record struct MachineCpu(long Busy, long Total)
{
    public static MachineCpu Sample()
    {
        var fields = File.ReadLines("/proc/stat").First(l => l.StartsWith("cpu ", StringComparison.Ordinal))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        // user nice system idle iowait irq softirq steal: idle and iowait are the time the cores had nothing to run.
        var total = fields.Take(8).Sum();
        return new MachineCpu(total - fields[3] - fields[4], total);
    }

    /// <summary>The share of the machine busy between this sample and a later one, 0 to 1.</summary>
    public double BusyUntil(MachineCpu later) =>
        later.Total == Total ? 0 : (double)(later.Busy - Busy) / (later.Total - Total);
}
