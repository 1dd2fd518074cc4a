namespace BuildCore;

/// <summary>
/// <c>./build.sh Target1 Target2 --skip [A B] --plan --help --some-parameter value</c>.
/// Bare words are targets; a scalar parameter takes one value, a list parameter and <c>--skip</c> take every word up to the next option.
/// </summary>
internal sealed record CommandLine(
    IReadOnlyList<string> Targets,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Values,
    bool Help,
    bool Plan,
    IReadOnlyList<string>? Skip,
    bool GenerateSchema)
{
    // --generate-schema is left out on purpose: it is for maintainers, not suggested to users.
    static readonly string[] s_builtInOptions = ["--help", "--plan", "--skip"];

    /// <param name="parameters">Known parameters; <see cref="Values"/> is keyed by their <see cref="ParameterDescriptor.Name"/>.</param>
    public static CommandLine Parse(IReadOnlyList<string> args, IReadOnlyList<ParameterDescriptor> parameters)
    {
        var targets = new List<string>();
        var values = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        bool help = false, plan = false, generateSchema = false;
        List<string>? skip = null;

        for (var i = 0; i < args.Count; i++)
        {
            var token = args[i];
            if (!IsOption(token))
            {
                targets.Add(token);
                continue;
            }

            var (option, inline) = SplitInline(token);
            switch (option.ToUpperInvariant())
            {
                case "-H" or "--HELP" or "-?":
                    help = true;
                    continue;
                case "--PLAN":
                    plan = true;
                    continue;
                case "--GENERATE-SCHEMA":
                    generateSchema = true;
                    continue;
                case "--SKIP":
                    skip ??= [];
                    if (inline is not null) skip.AddRange(inline.Split(',', StringSplitOptions.RemoveEmptyEntries));
                    else skip.AddRange(TakeAll(args, ref i));
                    continue;
            }

            var parameter = parameters.FirstOrDefault(p => string.Equals(p.Flag, option, StringComparison.OrdinalIgnoreCase))
                ?? throw new BuildException(
                    $"Unknown parameter {option}.{Suggestions.DidYouMean(option, parameters.Select(p => p.Flag).Concat(s_builtInOptions))} Run ./build.sh --help for the list.");

            var type = Nullable.GetUnderlyingType(parameter.Type) ?? parameter.Type;
            List<string> taken;
            if (inline is not null)
                taken = type == typeof(string[]) ? [.. inline.Split(',', StringSplitOptions.RemoveEmptyEntries)] : [inline];
            else if (type == typeof(string[]))
                taken = TakeAll(args, ref i);
            else if (type == typeof(bool))
                // A bare flag means true; a following word is its value only when it reads as one.
                taken = i + 1 < args.Count && bool.TryParse(args[i + 1], out _) ? [args[++i]] : [];
            else if (i + 1 < args.Count && !IsOption(args[i + 1]))
                taken = [args[++i]];
            else
                throw new BuildException($"Parameter {parameter.Flag} needs a value.");

            values[parameter.Name] = taken;
        }

        return new CommandLine(targets, values, help, plan, skip, generateSchema);
    }

    static bool IsOption(string token) => token.StartsWith("--", StringComparison.Ordinal) || token is "-h" or "-?";

    static (string Option, string? Inline) SplitInline(string token)
    {
        var equals = token.IndexOf('=', StringComparison.Ordinal);
        return equals < 0 ? (token, null) : (token[..equals], token[(equals + 1)..]);
    }

    static List<string> TakeAll(IReadOnlyList<string> args, ref int i)
    {
        var taken = new List<string>();
        while (i + 1 < args.Count && !IsOption(args[i + 1]))
            taken.Add(args[++i]);
        return taken;
    }
}
