using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Options;
using Platform.AuthService.Passwords;

// Usage: PasswordHashBench [samples=20] [warm-up=3]. One hash at a time, as a single sign-in sees it.
var samples = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 20;
var warmUp = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
if (samples < 1 || warmUp < 0)
{
    Console.Error.WriteLine("usage: PasswordHashBench [samples >= 1] [warm-up >= 0]");
    return 2;
}

var options = new PasswordHasherOptions();
using var hasher = new PasswordHasher(Options.Create(options));
const string password = "correct horse battery staple";

for (var i = 0; i < warmUp; i++)
{
    await hasher.HashAsync(password, CancellationToken.None);
}

var timings = new double[samples];
string hash = string.Empty;
for (var i = 0; i < samples; i++)
{
    var stopwatch = Stopwatch.StartNew();
    hash = await hasher.HashAsync(password, CancellationToken.None);
    timings[i] = stopwatch.Elapsed.TotalMilliseconds;
}

var verify = Stopwatch.StartNew();
var ok = await hasher.VerifyAsync(password, hash, CancellationToken.None);
var verifyMs = verify.Elapsed.TotalMilliseconds;

Array.Sort(timings);
var p = options.Parameters;
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Argon2id m={p.MemoryKiB} KiB, t={p.Iterations}, p={p.Parallelism}; {Environment.ProcessorCount} cores; {samples} hashes after {warmUp} warm-up"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ms per hash: median {Percentile(timings, 0.50):F1}, p95 {Percentile(timings, 0.95):F1}, min {timings[0]:F1}, max {timings[^1]:F1}"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"verify: {verifyMs:F1} ms ({(ok ? "match" : "MISMATCH")})"));
Console.WriteLine($"sample: {hash[..hash.LastIndexOf('$')]}$...");
return ok ? 0 : 1;

// Nearest-rank percentile of sorted values.
static double Percentile(double[] sorted, double fraction) =>
    sorted[Math.Clamp((int)Math.Ceiling(fraction * sorted.Length) - 1, 0, sorted.Length - 1)];
