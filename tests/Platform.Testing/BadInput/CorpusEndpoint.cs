namespace Platform.Testing.BadInput;

/// <summary>
/// One endpoint for the bad-input corpus: how to call it well (a valid body, the headers it needs), so each case can
/// break exactly one thing.
/// </summary>
/// <param name="Method">GET, POST, PUT...</param>
/// <param name="Path">The path, with a query if the valid call has one.</param>
/// <param name="ValidBody">A valid JSON object body, or null for an endpoint that takes none.</param>
/// <param name="BodyLimitBytes">The endpoint's request body limit (Kestrel's 30 MB default when it sets none).</param>
/// <param name="Headers">Headers every valid call carries (e.g. a bearer token); a value of "{unique}" is replaced per request.</param>
public sealed record CorpusEndpoint(string Method, string Path, string? ValidBody, long BodyLimitBytes, IReadOnlyDictionary<string, string> Headers)
{
    public const string Unique = "{unique}";

    public override string ToString() => $"{Method} {Path}";
}

/// <summary>One hostile request: what it breaks, and the bytes that go on the wire.</summary>
/// <param name="Kind">Which family it belongs to; <see cref="CaseKind.Oversize"/> and <see cref="CaseKind.Malformed"/> also run through the gateway.</param>
/// <param name="Target">The request target (path and query).</param>
/// <param name="Headers">Header lines as sent, duplicates allowed; Host is added by the runner.</param>
public sealed record CorpusCase(string Name, CaseKind Kind, string Method, string Target, IReadOnlyList<KeyValuePair<string, string>> Headers, byte[]? Body)
{
    public override string ToString() => $"{Kind}: {Name}";
}

public enum CaseKind
{
    BrokenJson,
    WrongType,
    Number,
    Text,
    ContentType,
    Oversize,
    Header,
    Query,
    Malformed,
}
