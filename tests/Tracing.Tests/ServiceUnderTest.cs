using System.Diagnostics;
using System.Text;
using Platform.Testing;

namespace Platform.Tracing.Tests;

/// <summary>
/// A service's built assembly running as its own process, with exactly the given environment (as in a task): its spans
/// leave over OTLP like a deployed service's, and no two services share an in-process ActivitySource listener.
/// </summary>
public sealed class ServiceUnderTest : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ServiceUnderTest(Process process, string baseAddress)
    {
        _process = process;
        BaseAddress = new Uri(baseAddress);
    }

    public Uri BaseAddress { get; }

    /// <summary>Everything the process wrote (JSON log lines on stdout, start-up errors on stderr).</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts the assembly and waits until <c>{routePrefix}/health/live</c> answers 200 (migrations have run by then).</summary>
    public static async Task<ServiceUnderTest> StartAsync(string assemblyPath, string routePrefix, IReadOnlyDictionary<string, string?> environment, CancellationToken cancellationToken)
    {
        var baseAddress = $"http://127.0.0.1:{Containers.FreePort()}";
        // The emulator accepts any credentials; these keep a developer's real ones out of the child.
        var start = ServiceProcess.StartInfo(assemblyPath, new Dictionary<string, string?>(environment)
        {
            ["AWS_ACCESS_KEY_ID"] = "test",
            ["AWS_SECRET_ACCESS_KEY"] = "test",
            ["ASPNETCORE_URLS"] = baseAddress,
        });
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var service = new ServiceUnderTest(process, baseAddress);
        process.OutputDataReceived += (_, line) => service.Append(line.Data);
        process.ErrorDataReceived += (_, line) => service.Append(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var http = new HttpClient { BaseAddress = service.BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        var live = await Eventually.TrueWithinAsync(
            async () =>
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException($"{Path.GetFileName(assemblyPath)} exited {process.ExitCode}: {service.Output}");
                }

                try
                {
                    using var response = await http.GetAsync(routePrefix + "/health/live", cancellationToken);
                    return response.IsSuccessStatusCode;
                }
                catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
                {
                    // Not listening yet, or too busy to answer within the probe's 2 s: ask again.
                    return false;
                }
            },
            TimeSpan.FromSeconds(60),
            cancellationToken);
        if (!live)
        {
            await service.DisposeAsync();
            throw new TimeoutException($"{Path.GetFileName(assemblyPath)} not live within 60 s: {service.Output}");
        }

        return service;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
