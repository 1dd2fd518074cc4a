using System.Text;

namespace Platform.Build.Local.Docker;

/// <summary>
/// One docker CLI invocation: its arguments (without "docker") and the extra environment it runs with.
/// Secrets travel only in <see cref="Environment"/> (e.g. <c>docker run -e JWT_PRIVATE_KEY</c> reads the value from
/// the client's environment) or on stdin, so neither the process list nor <see cref="ToString"/> shows them.
/// </summary>
public sealed record DockerCommand(IReadOnlyList<string> Arguments, IReadOnlyDictionary<string, string> Environment)
{
    private static readonly IReadOnlyDictionary<string, string> NoEnvironment = new Dictionary<string, string>();

    public DockerCommand(IReadOnlyList<string> arguments) : this(arguments, NoEnvironment) { }

    /// <summary>The non-secret environment names shown in <see cref="ToString"/>; the rest print as names only.</summary>
    public IReadOnlySet<string> PublicEnvironment { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>A shell-like rendering for logs and tests; secret environment values appear as <c>NAME=***</c>.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        foreach (var (name, value) in Environment.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            text.Append(name).Append('=').Append(PublicEnvironment.Contains(name) ? Quote(value) : "***").Append(' ');
        }

        text.Append("docker");
        foreach (var argument in Arguments)
        {
            text.Append(' ').Append(Quote(argument));
        }

        return text.ToString();
    }

    private static string Quote(string value) =>
        value.Length > 0 && value.All(c => char.IsAsciiLetterOrDigit(c) || "-_./:=,@+%".Contains(c, StringComparison.Ordinal))
            ? value
            : "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
