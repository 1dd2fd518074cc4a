using System.Text;
using CliWrap;
using CliWrap.Buffered;

namespace Platform.ServiceImages.Tests;

/// <summary>The docker CLI (the first on PATH, which must build with BuildKit: docs/local.md, "Tests and Docker").</summary>
internal static class Docker
{
    public static async Task<BufferedCommandResult> RunAsync(IEnumerable<string> arguments, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(timeout);
        return await Cli.Wrap("docker")
            .WithArguments(arguments)
            .WithEnvironmentVariables(env => env.Set("DOCKER_BUILDKIT", "1"))
            .WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync(Encoding.UTF8, budget.Token);
    }

    /// <summary>Builds one image from the repository root; fails with the build's output tail when it does not build.</summary>
    public static async Task BuildAsync(ServiceImage image, string repositoryRoot, CancellationToken cancellationToken)
    {
        var result = await RunAsync(["build", "-f", Path.Combine(repositoryRoot, image.Dockerfile), "-t", image.Tag, repositoryRoot], TimeSpan.FromMinutes(10), cancellationToken);
        if (result.ExitCode != 0)
        {
            var output = result.StandardOutput + result.StandardError;
            throw new InvalidOperationException($"docker build of {image.Name} failed (exit {result.ExitCode}):\n{output[Math.Max(0, output.Length - 4000)..]}");
        }
    }

    public static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Platform.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"Platform.slnx not found above {AppContext.BaseDirectory}");
    }
}
