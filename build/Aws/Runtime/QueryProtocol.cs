using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using Amazon.Runtime;

namespace Platform.Build.Aws;

/// <summary>
/// The AWS Query protocol (CloudFormation, STS): a form-urlencoded POST of Action, Version and the parameters,
/// lists flattened as Name.member.N, answered with XML. https://smithy.io/2.0/aws/protocols/aws-query-protocol.html
/// </summary>
internal sealed class QueryProtocol(AwsTransport transport, string version)
{
    /// <summary>Calls <paramref name="action"/> and reads its &lt;ActionResult&gt; element with <paramref name="read"/>.</summary>
    public async Task<TResponse> CallAsync<TResponse>(string action, QueryWriter parameters, Func<XElement, TResponse> read, CancellationToken cancellationToken)
        where TResponse : AmazonWebServiceResponse
    {
        var form = new StringBuilder().Append("Action=").Append(Uri.EscapeDataString(action))
            .Append("&Version=").Append(Uri.EscapeDataString(version));
        foreach (var (key, value) in parameters.Pairs)
        {
            form.Append('&').Append(Uri.EscapeDataString(key)).Append('=').Append(Uri.EscapeDataString(value));
        }

        var answer = await transport.SendAsync(
            action, Encoding.UTF8.GetBytes(form.ToString()), "application/x-www-form-urlencoded; charset=utf-8", null,
            (status, body, headers) => ReadError(transport.Service.DisplayName, status, body, headers), cancellationToken);

        XElement root;
        try
        {
            root = XDocument.Parse(answer.Body).Root!;
        }
        catch (XmlException ex)
        {
            // A proxy or a wrong endpoint answering 200 with something else: say so instead of failing inside the parser.
            throw new AwsServiceError(transport.Service.DisplayName, "InvalidResponse",
                $"{action} answered HTTP {(int)answer.StatusCode} with a body that is not XML ({ex.Message}); is the endpoint {transport.Endpoint} right?",
                answer.StatusCode, answer.RequestId);
        }

        var result = root.Elements().FirstOrDefault(e => e.Name.LocalName == action + "Result");
        // Operations without output (ExecuteChangeSet, DeleteStack) answer only ResponseMetadata.
        var response = read(result ?? new XElement(action + "Result"));
        var requestId = root.Descendants().FirstOrDefault(e => e.Name.LocalName == "RequestId")?.Value;
        return (answer with { RequestId = requestId ?? answer.RequestId }).Stamp(response);
    }

    internal static AwsServiceError ReadError(string service, HttpStatusCode status, string body, HttpResponseHeaders headers)
    {
        var requestId = headers.TryGetValues("x-amzn-RequestId", out var ids) ? ids.FirstOrDefault() : null;
        try
        {
            var root = XDocument.Parse(body).Root;
            var error = root?.Descendants().FirstOrDefault(e => e.Name.LocalName == "Error");
            if (error is not null)
            {
                var type = error.Child("Type") == "Receiver" ? ErrorType.Receiver : error.Child("Type") == "Sender" ? ErrorType.Sender : ErrorType.Unknown;
                return new AwsServiceError(service, error.Child("Code") ?? status.ToString(), error.Child("Message") ?? "", status,
                    root!.Descendants().FirstOrDefault(e => e.Name.LocalName == "RequestId")?.Value ?? requestId, type);
            }
        }
        catch (XmlException)
        {
            // Not XML (a proxy's HTML page, an empty 503): fall through to the status line.
        }

        return new AwsServiceError(service, ((int)status).ToString(CultureInfo.InvariantCulture), Truncate(body), status, requestId);
    }

    private static string Truncate(string body) => body.Length <= 300 ? body.Trim() : body[..300].Trim() + "…";
}

/// <summary>Collects Query-protocol parameters in order; skips nulls and empty lists like the SDK's marshallers.</summary>
internal sealed class QueryWriter
{
    private readonly List<KeyValuePair<string, string>> _pairs = [];

    public IReadOnlyList<KeyValuePair<string, string>> Pairs => _pairs;

    public QueryWriter Add(string key, string? value)
    {
        if (value is not null)
        {
            _pairs.Add(new(key, value));
        }

        return this;
    }

    public QueryWriter Add(string key, bool? value) => Add(key, value is null ? null : value.Value ? "true" : "false");

    public QueryWriter AddList(string key, IEnumerable<string>? values)
    {
        var index = 0;
        foreach (var value in values ?? [])
        {
            Add($"{key}.member.{++index}", value);
        }

        return this;
    }

    public QueryWriter AddMembers<T>(string key, IEnumerable<T>? items, Action<QueryWriter, string, T> write)
    {
        var index = 0;
        foreach (var item in items ?? [])
        {
            write(this, $"{key}.member.{++index}.", item);
        }

        return this;
    }
}

/// <summary>Reading Query-protocol XML by local name: the namespace differs per service and version.</summary>
internal static class XmlReading
{
    public static string? Child(this XElement element, string name) =>
        element.Elements().FirstOrDefault(e => e.Name.LocalName == name)?.Value;

    public static bool? ChildBool(this XElement element, string name) =>
        element.Child(name) is { } value ? string.Equals(value, "true", StringComparison.OrdinalIgnoreCase) : null;

    public static DateTime? ChildTime(this XElement element, string name) =>
        element.Child(name) is { } value
            ? DateTime.Parse(value, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal)
            : null;

    public static List<T> Members<T>(this XElement element, string name, Func<XElement, T> read) =>
        element.Elements().FirstOrDefault(e => e.Name.LocalName == name)?.Elements().Where(e => e.Name.LocalName == "member").Select(read).ToList() ?? [];

    public static List<string> MemberStrings(this XElement element, string name) => element.Members(name, e => e.Value);
}
