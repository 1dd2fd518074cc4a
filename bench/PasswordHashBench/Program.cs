using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Options;
using Platform.AuthService.Passwords;
using Platform.PasswordHashBench;

// Usage: PasswordHashBench [rounds=10] [hashes-per-round=5]. One hash at a time, as a single sign-in sees it; the two
// implementations alternate round by round (and which goes first), so a noisy neighbour hits both alike.
var rounds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10;
var perRound = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5;
if (rounds < 1 || perRound < 1)
{
    Console.Error.WriteLine("usage: PasswordHashBench [rounds >= 1] [hashes-per-round >= 1]");
    return 2;
}

var options = new PasswordHasherOptions();
var parameters = options.Parameters;
using var native = new PasswordHasher(Options.Create(options));
const string password = "correct horse battery staple";

// Warm-up: JIT, the native library load, the first 19 MiB allocations.
ManagedArgon2id.Hash(password, parameters);
var hash = await native.HashAsync(password, CancellationToken.None);

var managedMs = new List<double>();
var nativeMs = new List<double>();
for (var round = 0; round < rounds; round++)
{
    var nativeFirst = round % 2 == 1;
    for (var turn = 0; turn < 2; turn++)
    {
        var useNative = (turn == 0) == nativeFirst;
        for (var i = 0; i < perRound; i++)
        {
            var started = Stopwatch.GetTimestamp();
            if (useNative)
            {
                hash = await native.HashAsync(password, CancellationToken.None);
            }
            else
            {
                ManagedArgon2id.Hash(password, parameters);
            }

            (useNative ? nativeMs : managedMs).Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }
}

var ok = await native.VerifyAsync(password, hash, CancellationToken.None);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Argon2id m={parameters.MemoryKiB} KiB, t={parameters.Iterations}, p={parameters.Parallelism}; {Environment.ProcessorCount} cores; {rounds} rounds x {perRound} hashes each, interleaved; {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC"));
Report("managed (Konscious 1.3.1)", managedMs);
Report("libsodium (Geralt 4.5.0)", nativeMs);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"speed-up (median): {Median(managedMs) / Median(nativeMs):F1}x; verify of the last hash: {(ok ? "match" : "MISMATCH")}"));
Console.WriteLine($"sample: {hash[..hash.LastIndexOf('$')]}$...");
return ok ? 0 : 1;

static void Report(string name, List<double> ms) =>
    Console.WriteLine(string.Create(
        CultureInfo.InvariantCulture,
        $"{name,-26} ms per hash: median {Median(ms):F1}, p95 {Percentile(ms, 0.95):F1}, min {ms.Min():F1}, max {ms.Max():F1}; sign-ins per core-second: {1000 / Median(ms):F1}"));

static double Median(List<double> values) => Percentile(values, 0.50);

// Nearest-rank percentile.
static double Percentile(List<double> values, double fraction)
{
    var sorted = values.Order().ToList();
    return sorted[Math.Clamp((int)Math.Ceiling(fraction * sorted.Count) - 1, 0, sorted.Count - 1)];
}
