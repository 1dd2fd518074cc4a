using System.Globalization;
using System.Xml;
using System.Xml.Linq;

namespace Platform.FakeAws;

/// <summary>Reads the XML documents S3's bucket operations take; a document that does not parse is S3's MalformedXML.</summary>
internal static class S3Xml
{
    public static XElement Parse(byte[] body)
    {
        try
        {
            using var stream = new MemoryStream(body);
            return XElement.Load(stream);
        }
        catch (XmlException)
        {
            throw new FakeAwsException("MalformedXML", "The XML you provided was not well-formed or did not validate against our published schema");
        }
    }

    /// <summary>The rules of a LifecycleConfiguration ("PutBucketLifecycleConfiguration": Rule/ID, Status, Filter/Prefix, …).</summary>
    public static List<FakeLifecycleRule> LifecycleRules(XElement configuration) =>
        configuration.Elements().Where(e => e.Name.LocalName == "Rule").Select(rule => new FakeLifecycleRule(
            Child(rule, "ID") ?? "",
            Child(rule, "Status") == "Enabled",
            rule.Elements().FirstOrDefault(e => e.Name.LocalName == "Filter") is { } filter ? Child(filter, "Prefix") ?? "" : "",
            Number(rule, "NoncurrentVersionExpiration", "NoncurrentDays"),
            Number(rule, "NoncurrentVersionExpiration", "NewerNoncurrentVersions"),
            Number(rule, "AbortIncompleteMultipartUpload", "DaysAfterInitiation"))).ToList();

    private static string? Child(XElement parent, string name) => parent.Elements().FirstOrDefault(e => e.Name.LocalName == name)?.Value;

    private static int? Number(XElement rule, string action, string name) =>
        rule.Elements().FirstOrDefault(e => e.Name.LocalName == action) is { } element && Child(element, name) is { } value
            ? int.Parse(value, CultureInfo.InvariantCulture)
            : null;
}
