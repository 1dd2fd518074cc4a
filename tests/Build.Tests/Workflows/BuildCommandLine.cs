namespace BuildTests.Workflows;

/// <summary>Turns a workflow's <c>./build.sh …</c> line into the arguments the build would receive.</summary>
internal static class BuildCommandLine
{
    /// <summary>
    /// Splits on spaces outside quotes and stands a sample value in for each shell expansion
    /// (<c>"$DEPLOY_ENV"</c>, <c>"${GITHUB_REF_NAME#v}"</c>): the test checks names, not values,
    /// but --env must name a real profile.
    /// </summary>
    public static IReadOnlyList<string> Arguments(string line)
    {
        var words = Split(line).Skip(1).ToList();
        for (var i = 0; i < words.Count; i++)
        {
            if (!words[i].Contains('$', StringComparison.Ordinal))
                continue;
            words[i] = i > 0 && words[i - 1] == "--env" ? "dev" : "sample";
        }
        return words;
    }

    static IEnumerable<string> Split(string line)
    {
        var word = new System.Text.StringBuilder();
        char? quote = null;
        foreach (var c in line)
        {
            if (quote is not null)
            {
                if (c == quote) quote = null;
                else word.Append(c);
            }
            else if (c is '"' or '\'')
            {
                quote = c;
            }
            else if (c == ' ')
            {
                if (word.Length > 0) yield return word.ToString();
                word.Clear();
            }
            else
            {
                word.Append(c);
            }
        }
        if (word.Length > 0)
            yield return word.ToString();
    }
}
