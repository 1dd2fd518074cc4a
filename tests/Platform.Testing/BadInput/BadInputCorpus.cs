using System.Text;
using System.Text.Json.Nodes;

namespace Platform.Testing.BadInput;

/// <summary>
/// The hostile requests for one endpoint, generated from its valid call: broken JSON, wrong types and odd numbers and
/// text in each field, odd content types and charsets, oversize bodies, long and duplicate headers, odd query values,
/// and requests HttpClient would refuse to send. Each case breaks one thing.
/// </summary>
public static class BadInputCorpus
{
    private const string Json = "application/json";

    private static readonly (string Name, string Json)[] WrongTypes =
    [
        ("null", "null"), ("true", "true"), ("array", "[1,2]"), ("object", """{"nested":{"deeper":[]}}"""), ("empty string", "\"\""),
    ];

    private static readonly (string Name, string Json)[] Numbers =
    [
        ("-1", "-1"), ("0", "0"), ("fraction", "1.5"), ("long max + 1", "9223372036854775808"), ("long min - 1", "-9223372036854775809"),
        ("1e400", "1e400"), ("number as string", "\"100\""), ("hex", "0x10"),
    ];

    private static readonly (string Name, string Json)[] Texts =
    [
        ("NUL", "\"a\\u0000b\""), ("escape sequence", "\"\\u001b[31mred\""), ("CR LF", "\"a\\r\\nInjected: 1\""), ("bell", "\"a\\u0007\""),
        ("right-to-left override", "\"abc\\u202Efdp.exe\""), ("lone surrogate", "\"a\\ud800b\""), ("10,000 characters", "\"" + new string('x', 10_000) + "\""),
    ];

    private static readonly string[] OddContentTypes =
    [
        "text/plain", "application/x-www-form-urlencoded", "application/xml", "multipart/form-data; boundary=x", "application/json; charset=foo",
        "application/json; charset=utf-7", "application/json; charset=ibm037", "application/json; charset=utf-16", "application/json; charset=\"\"",
        "application/json;;;", "*/*", "application/",
    ];

    public static IReadOnlyList<CorpusCase> For(CorpusEndpoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var cases = new List<CorpusCase>();
        var body = endpoint.ValidBody ?? """{"unexpected":"body"}""";
        void Add(string name, CaseKind kind, string? json, string? contentType = Json, string? target = null, IEnumerable<KeyValuePair<string, string>>? extra = null, string? method = null, byte[]? raw = null)
        {
            var headers = endpoint.Headers.Select(h => KeyValuePair.Create(h.Key, h.Value)).ToList();
            if (contentType is not null && (json is not null || raw is not null))
            {
                headers.Add(KeyValuePair.Create("Content-Type", contentType));
            }

            headers.AddRange(extra ?? []);
            cases.Add(new CorpusCase(name, kind, method ?? endpoint.Method, target ?? endpoint.Path, headers, raw ?? (json is null ? null : Encoding.UTF8.GetBytes(json))));
        }

        foreach (var (name, json) in new[]
        {
            ("truncated", body[..(body.Length / 2)]), ("unclosed object", body.TrimEnd('}')), ("trailing comma", body.TrimEnd('}') + ",}"),
            ("single quotes", body.Replace('"', '\'')), ("comment", "/* hi */" + body), ("two objects", body + body), ("empty", ""), ("whitespace", "   "),
            ("null", "null"), ("array", "[" + body + "]"), ("string", "\"text\""), ("number", "42"), ("NaN", "NaN"), ("deep nesting", new string('[', 5000) + new string(']', 5000)),
        })
        {
            Add(name, CaseKind.BrokenJson, json);
        }

        Add("invalid UTF-8 bytes", CaseKind.BrokenJson, null, raw: [.. Encoding.UTF8.GetBytes(body.TrimEnd('}') + ",\"x\":\""), 0xC3, 0x28, 0xFF, (byte)'"', (byte)'}']);
        if (endpoint.ValidBody is not null && JsonNode.Parse(endpoint.ValidBody) is JsonObject valid)
        {
            foreach (var field in valid.Select(p => p.Key).ToList())
            {
                var isNumber = valid[field] is JsonValue value && value.TryGetValue<double>(out _);
                foreach (var (name, json) in WrongTypes.Concat(isNumber ? Numbers : Texts).Concat(isNumber ? [("text", "\"a\\u0000b\"")] : [("number", "42")]))
                {
                    Add($"{field}: {name}", isNumber ? CaseKind.Number : name is "null" or "true" or "array" or "object" or "empty string" or "number" ? CaseKind.WrongType : CaseKind.Text, With(valid, field, json));
                }

                Add($"{field}: duplicate key", CaseKind.WrongType, valid.ToJsonString().TrimEnd('}') + $",\"{field}\":{{}}}}");
                Add($"{field}: missing", CaseKind.WrongType, Without(valid, field));
            }
        }

        foreach (var contentType in OddContentTypes)
        {
            Add($"content type {contentType}", CaseKind.ContentType, body, contentType);
        }

        Add("no content type", CaseKind.ContentType, body, contentType: null);
        var limit = (int)Math.Min(endpoint.BodyLimitBytes, 4 * 1024 * 1024);
        Add($"body of limit + 1 ({limit + 1} bytes)", CaseKind.Oversize, Padded(body, limit + 1));
        Add("body of 1 MiB, no Expect: 100-continue", CaseKind.Oversize, Padded(body, Math.Max(1024 * 1024, limit + 1)));
        Add("chunked body of limit + 1", CaseKind.Oversize, null, extra: [KeyValuePair.Create("Transfer-Encoding", "chunked")], raw: Chunked(Padded(body, limit + 1)));

        Add("8 KiB header value", CaseKind.Header, endpoint.ValidBody, extra: [KeyValuePair.Create("X-Padding", new string('h', 8 * 1024))]);
        Add("60 headers", CaseKind.Header, endpoint.ValidBody, extra: Enumerable.Range(0, 60).Select(i => KeyValuePair.Create($"X-Extra-{i}", "v")));
        Add("duplicate content type", CaseKind.Header, endpoint.ValidBody, extra: [KeyValuePair.Create("Content-Type", "text/plain")]);
        Add("duplicate authorization", CaseKind.Header, endpoint.ValidBody, extra: [KeyValuePair.Create("Authorization", "Bearer not.a.token")]);
        foreach (var header in endpoint.Headers.Keys.Where(k => k != "Authorization"))
        {
            Add($"{header}: duplicated", CaseKind.Header, endpoint.ValidBody, extra: [KeyValuePair.Create(header, "second-" + Guid.NewGuid())]);
            Add($"{header}: 1,000 characters", CaseKind.Header, endpoint.ValidBody, extra: [KeyValuePair.Create(header, new string('k', 1000))]);
        }

        var separator = endpoint.Path.Contains('?', StringComparison.Ordinal) ? "&" : "?";
        foreach (var query in new[] { "limit=-1", "limit=0", "limit=201", "limit=abc", "limit=99999999999999999999", "limit=1&limit=2", "cursor=%00", "cursor=not-a-cursor", "cursor=" + new string('A', 4000), "x=%FF%FE" })
        {
            Add($"query {(query.Length > 40 ? query[..40] + "..." : query)}", CaseKind.Query, endpoint.ValidBody, target: endpoint.Path + separator + query);
        }

        Add("Host with port 99999", CaseKind.Malformed, endpoint.ValidBody, extra: [KeyValuePair.Create("Host", "a.example:99999")]);
        Add("non-ASCII header value", CaseKind.Malformed, endpoint.ValidBody, extra: [KeyValuePair.Create("X-Name", "Zoë 🙂")]);
        // As curl -X CONNECT sends it (origin form); the authority form never reaches an application (Kestrel's own 400).
        Add("CONNECT", CaseKind.Malformed, null, method: "CONNECT");
        return cases;
    }

    private static string With(JsonObject valid, string field, string json)
    {
        var copy = JsonNode.Parse(valid.ToJsonString())!.AsObject();
        copy[field] = 0; // placeholder, replaced as raw text so invalid literals (1e400, lone surrogates) survive
        return copy.ToJsonString().Replace($"\"{field}\":0", $"\"{field}\":{json}", StringComparison.Ordinal);
    }

    private static string Without(JsonObject valid, string field)
    {
        var copy = JsonNode.Parse(valid.ToJsonString())!.AsObject();
        copy.Remove(field);
        return copy.ToJsonString();
    }

    /// <summary>The valid body with a padding field, exactly <paramref name="size"/> bytes: only the size is wrong.</summary>
    private static string Padded(string body, int size)
    {
        var prefix = body.TrimEnd().TrimEnd('}') + (body.Trim() == "{}" ? "" : ",") + "\"padding\":\"";
        return prefix + new string('x', Math.Max(0, size - prefix.Length - 2)) + "\"}";
    }

    private static byte[] Chunked(string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        using var wire = new MemoryStream();
        for (var offset = 0; offset < bytes.Length; offset += 4096)
        {
            var size = Math.Min(4096, bytes.Length - offset);
            wire.Write(Encoding.ASCII.GetBytes($"{size:X}\r\n"));
            wire.Write(bytes, offset, size);
            wire.Write("\r\n"u8);
        }

        wire.Write("0\r\n\r\n"u8);
        return wire.ToArray();
    }
}
