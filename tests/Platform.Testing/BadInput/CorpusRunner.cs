using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Platform.Testing.BadInput;

/// <summary>
/// Sends corpus cases one by one and lists every case that broke the rule: never a 5xx, and every 4xx a problem
/// document whose status matches. All cases run before anything is asserted, so one failure does not hide the rest.
/// </summary>
public static class CorpusRunner
{
    /// <param name="serverRejectionsAllowed">
    /// Direct to Kestrel: a request Kestrel refuses before the application sees it (a Host with port 99999, CONNECT) gets
    /// Kestrel's own empty 400, and no application code can turn it into a problem document. The gateway (as the ALB)
    /// stands in front of the services in every environment, and there the rule holds without exception.
    /// </param>
    public static async Task<IReadOnlyList<string>> RunAsync(Uri server, IEnumerable<CorpusCase> cases, bool serverRejectionsAllowed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(cases);
        var failures = new List<string>();
        foreach (var corpusCase in cases)
        {
            RawResponse response;
            try
            {
                response = await RawHttp.SendAsync(server, Head(server, corpusCase), corpusCase.Body, cancellationToken);
            }
            catch (IOException exception)
            {
                failures.Add($"{corpusCase}: no answer ({exception.Message})");
                continue;
            }

            if (Judge(corpusCase, response, serverRejectionsAllowed) is { } problem)
            {
                failures.Add($"{corpusCase}: {problem}");
            }
        }

        return failures;
    }

    private static string? Judge(CorpusCase corpusCase, RawResponse response, bool serverRejectionsAllowed)
    {
        var excerpt = response.Body.Length > 300 ? response.Body[..300] + "..." : response.Body;
        if (response.Status >= 500)
        {
            return $"{response.Status} {excerpt}";
        }

        if (response.Status < 400)
        {
            return null;
        }

        if (serverRejectionsAllowed && corpusCase.Kind == CaseKind.Malformed && response.Status == 400 && response.Body.Length == 0)
        {
            return null;
        }

        if (response.ContentType?.StartsWith("application/problem+json", StringComparison.Ordinal) != true)
        {
            return $"{response.Status} with content type '{response.ContentType}', not a problem document: {excerpt}";
        }

        try
        {
            using var problem = JsonDocument.Parse(response.Body);
            return problem.RootElement.TryGetProperty("status", out var status) && status.GetInt32() == response.Status
                ? null
                : $"{response.Status} problem without a matching status: {excerpt}";
        }
        catch (JsonException)
        {
            return $"{response.Status} problem document that is not JSON: {excerpt}";
        }
    }

    private static string Head(Uri server, CorpusCase corpusCase)
    {
        var head = new StringBuilder().Append(CultureInfo.InvariantCulture, $"{corpusCase.Method} {corpusCase.Target} HTTP/1.1\r\n");
        if (!corpusCase.Headers.Any(h => h.Key.Equals("Host", StringComparison.OrdinalIgnoreCase)))
        {
            head.Append(CultureInfo.InvariantCulture, $"Host: {server.Authority}\r\n");
        }

        foreach (var (name, value) in corpusCase.Headers)
        {
            head.Append(CultureInfo.InvariantCulture, $"{name}: {value.Replace(CorpusEndpoint.Unique, Guid.NewGuid().ToString("N"), StringComparison.Ordinal)}\r\n");
        }

        if (corpusCase.Body is { } body && !corpusCase.Headers.Any(h => h.Key.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase)))
        {
            head.Append(CultureInfo.InvariantCulture, $"Content-Length: {body.Length}\r\n");
        }

        return head.Append("Connection: close\r\n").ToString();
    }
}
