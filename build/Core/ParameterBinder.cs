using System.Text.Json;
using System.Text.RegularExpressions;

namespace BuildCore;

/// <summary>
/// Fills parameters by precedence: command line &gt; environment variable &gt; <c>.nuke/parameters.&lt;env&gt;.json</c>
/// &gt; <c>.nuke/parameters.json</c> &gt; the field's initializer.
/// </summary>
internal sealed partial class ParameterBinder(
    IReadOnlyList<ParameterDescriptor> parameters,
    Func<string, string?> getEnvironmentVariable,
    string nukeDirectory)
{
    /// <summary>The parameter that picks the profile (<c>--env dev</c> → <c>.nuke/parameters.dev.json</c>).</summary>
    public const string ProfileParameter = "Env";

    public const string ProfileHint = ".nuke/parameters.json or .nuke/parameters.<env>.json";

    public void Bind(object build, CommandLine commandLine, Redactor redactor)
    {
        var shared = LoadProfile(Path.Combine(nukeDirectory, "parameters.json"), mustExist: false);

        // The profile name itself can't come from the profile it selects.
        Dictionary<string, IReadOnlyList<string>>? profile = null;
        if (parameters.FirstOrDefault(p => p.Name == ProfileParameter) is { } envParameter)
        {
            var resolved = Resolve(envParameter, commandLine, shared, null);
            var env = resolved.Found ? resolved.Value as string : envParameter.GetValue(build) as string;
            if (!string.IsNullOrWhiteSpace(env))
                profile = LoadProfile(ProfilePath(env), mustExist: true);
        }

        foreach (var parameter in parameters)
        {
            var (found, value) = Resolve(parameter, commandLine, shared, profile);
            if (found)
                parameter.SetValue(build, value);
            if (parameter.IsSecret)
                redactor.Add(parameter.GetValue(build));
        }
    }

    /// <summary>The environments that have a profile file, e.g. dev, local, prod, staging.</summary>
    public IReadOnlyList<string> AvailableEnvironments() =>
        !Directory.Exists(nukeDirectory)
            ? []
            : Directory.GetFiles(nukeDirectory, "parameters.*.json")
                .Select(f => Path.GetFileName(f)["parameters.".Length..^".json".Length])
                .Order(StringComparer.Ordinal)
                .ToList();

    string ProfilePath(string env)
    {
        var path = Path.Combine(nukeDirectory, $"parameters.{env}.json");
        if (!EnvironmentName().IsMatch(env) || !File.Exists(path))
        {
            var available = AvailableEnvironments();
            throw new BuildException(
                $"Unknown environment '{env}' (--env): there is no .nuke/parameters.{env}.json. " +
                $"Available environments: {(available.Count == 0 ? "none" : string.Join(", ", available))}.");
        }
        return path;
    }

    (bool Found, object? Value) Resolve(
        ParameterDescriptor parameter,
        CommandLine commandLine,
        Dictionary<string, IReadOnlyList<string>> shared,
        Dictionary<string, IReadOnlyList<string>>? profile)
    {
        if (commandLine.Values.TryGetValue(parameter.Name, out var cli))
            return (true, ValueConverter.Convert(parameter, cli, parameter.Flag));

        foreach (var variable in parameter.EnvironmentVariables)
        {
            // An empty variable counts as unset: CI systems export empty strings for absent secrets.
            if (getEnvironmentVariable(variable) is { Length: > 0 } text)
            {
                var type = Nullable.GetUnderlyingType(parameter.Type) ?? parameter.Type;
                IReadOnlyList<string> values = type == typeof(string[])
                    ? text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                    : [text];
                return (true, ValueConverter.Convert(parameter, values, $"environment variable {variable}"));
            }
        }

        if (profile is not null && profile.TryGetValue(parameter.Name, out var fromProfile))
            return (true, ValueConverter.Convert(parameter, fromProfile, $".nuke/parameters.<env>.json"));
        if (shared.TryGetValue(parameter.Name, out var fromShared))
            return (true, ValueConverter.Convert(parameter, fromShared, ".nuke/parameters.json"));
        return (false, null);
    }

    Dictionary<string, IReadOnlyList<string>> LoadProfile(string path, bool mustExist)
    {
        var result = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        if (!File.Exists(path))
        {
            return mustExist ? throw new BuildException($"Profile {path} does not exist.") : result;
        }

        var file = Path.GetRelativePath(Path.GetDirectoryName(nukeDirectory) ?? nukeDirectory, path);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions
            {
                CommentHandling = JsonCommentHandling.Skip,
                AllowTrailingCommas = true,
            });
        }
        catch (JsonException e)
        {
            throw new BuildException($"{file} is not valid JSON: {e.Message}", e);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                throw new BuildException($"{file} must hold one JSON object of parameter names and values.");
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Name == "$schema" || property.Value.ValueKind == JsonValueKind.Null)
                    continue;
                var parameter = parameters.FirstOrDefault(p => string.Equals(p.Name, property.Name, StringComparison.OrdinalIgnoreCase))
                    ?? throw new BuildException(
                        $"{file}: unknown parameter \"{property.Name}\".{Suggestions.DidYouMean(property.Name, parameters.Select(p => p.Name))}");
                result[parameter.Name] = ToStrings(property.Value, file, parameter);
            }
        }
        return result;
    }

    static List<string> ToStrings(JsonElement value, string file, ParameterDescriptor parameter) => value.ValueKind switch
    {
        JsonValueKind.String => [value.GetString()!],
        JsonValueKind.Number => [value.GetRawText()],
        JsonValueKind.True => ["true"],
        JsonValueKind.False => ["false"],
        JsonValueKind.Array => value.EnumerateArray().SelectMany(v => ToStrings(v, file, parameter)).ToList(),
        _ => throw new BuildException($"{file}: \"{parameter.Name}\" must be a string, number, boolean or array."),
    };

    [GeneratedRegex("^[A-Za-z0-9_-]+$")]
    private static partial Regex EnvironmentName();
}
