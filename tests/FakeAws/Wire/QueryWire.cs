using System.Globalization;
using System.Xml.Linq;

namespace Platform.FakeAws;

/// <summary>Builds Query-protocol XML answers: &lt;ActionResponse xmlns=...&gt;&lt;ActionResult&gt;...&lt;/ActionResult&gt;&lt;ResponseMetadata/&gt;.</summary>
internal static class QueryWire
{
    public static string Result(string action, string xmlns, string requestId, params object?[] content)
    {
        var response = new XElement(action + "Response",
            new XElement(action + "Result", content),
            new XElement("ResponseMetadata", new XElement("RequestId", requestId)));
        return Namespaced(response, xmlns);
    }

    /// <summary>Operations without output answer only ResponseMetadata (ExecuteChangeSet, DeleteStack).</summary>
    public static string Empty(string action, string xmlns, string requestId) =>
        Namespaced(new XElement(action + "Response", new XElement("ResponseMetadata", new XElement("RequestId", requestId))), xmlns);

    public static string Error(FakeAwsException error, string xmlns, string requestId) =>
        Namespaced(
            new XElement("ErrorResponse",
                new XElement("Error",
                    new XElement("Type", error.SenderFault ? "Sender" : "Receiver"),
                    new XElement("Code", error.Code),
                    new XElement("Message", error.Message)),
                new XElement("RequestId", requestId)),
            xmlns);

    /// <summary>An element, or nothing when the value is null (the Query protocol omits unset members).</summary>
    public static XElement? E(string name, object? value) => value switch
    {
        null => null,
        DateTime time => new XElement(name, time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)),
        bool flag => new XElement(name, flag ? "true" : "false"),
        _ => new XElement(name, value),
    };

    public static XElement Members<T>(string name, IEnumerable<T> items, Func<T, object?[]> member) =>
        new(name, items.Select(item => new XElement("member", member(item))));

    private static string Namespaced(XElement root, string xmlns)
    {
        XNamespace ns = xmlns;
        foreach (var element in root.DescendantsAndSelf())
        {
            element.Name = ns + element.Name.LocalName;
        }

        return new XDocument(new XDeclaration("1.0", "utf-8", null), root).Declaration + "\n" + root.ToString(SaveOptions.DisableFormatting);
    }
}
