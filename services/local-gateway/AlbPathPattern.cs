namespace Platform.LocalGateway;

/// <summary>
/// The ALB's path-pattern condition: matched against the path only (no query), case-sensitive, '*' matches any run of
/// characters (including '/'), '?' exactly one. https://docs.aws.amazon.com/elasticloadbalancing/latest/application/rule-condition-types.html#path-conditions
/// </summary>
public static class AlbPathPattern
{
    public static bool IsMatch(string pattern, string path)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentNullException.ThrowIfNull(path);
        // Iterative glob match with one backtrack point: linear-ish, no regex built per request.
        int p = 0, s = 0, star = -1, mark = 0;
        while (s < path.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || pattern[p] == path[s]))
            {
                p++;
                s++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                mark = s;
            }
            else if (star >= 0)
            {
                p = star + 1;
                s = ++mark;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }
}
