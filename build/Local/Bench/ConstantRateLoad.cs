using System.Diagnostics;
using System.Net;

namespace Platform.Build.Local.Bench;

/// <summary>
/// Open-loop load: starts one request every 1/rate seconds whatever the answers do (wrk's closed loop would slow down
/// with the server and hide its queueing), each built fresh (a unique Idempotency-Key per request).
/// </summary>
public static class ConstantRateLoad
{
    public static async Task<(LoadResult Result, long Succeeded)> RunAsync(
        string name, HttpClient http, Func<long, HttpRequestMessage> request, HttpStatusCode expected, int rate, TimeSpan duration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(request);
        var total = (long)(rate * duration.TotalSeconds);
        var latencies = new double[total];
        long succeeded = 0, failed = 0;
        var running = new List<Task>((int)total);
        var started = Stopwatch.GetTimestamp();
        for (long i = 0; i < total; i++)
        {
            var due = started + (long)(i * Stopwatch.Frequency / (double)rate);
            while (Stopwatch.GetTimestamp() < due)
            {
                await Task.Delay(TimeSpan.FromTicks(Math.Max(0, due - Stopwatch.GetTimestamp()) * TimeSpan.TicksPerSecond / Stopwatch.Frequency), cancellationToken);
            }

            var index = i;
            running.Add(Task.Run(
                async () =>
                {
                    var sent = Stopwatch.GetTimestamp();
                    try
                    {
                        using var message = request(index);
                        using var response = await http.SendAsync(message, cancellationToken);
                        Interlocked.Increment(ref response.StatusCode == expected ? ref succeeded : ref failed);
                    }
                    catch (HttpRequestException)
                    {
                        Interlocked.Increment(ref failed);
                    }

                    latencies[index] = Stopwatch.GetElapsedTime(sent).TotalMilliseconds;
                },
                cancellationToken));
        }

        await Task.WhenAll(running);
        var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
        Array.Sort(latencies);
        return (new LoadResult(name, total / elapsed, latencies[(int)(total * 0.50)], latencies[Math.Min(total - 1, (long)(total * 0.99))], total, failed), succeeded);
    }
}
