using System.Xml.Linq;
using Microsoft.AspNetCore.Http;

namespace Platform.FakeAws;

/// <summary>
/// S3's REST-XML protocol on the fake's one port: path-style addressing (/bucket/key), the operation read from the method and the
/// subresource in the query (?versioning, ?encryption, …), errors as S3's &lt;Error&gt; document (none for HEAD).
/// A request is S3's when its SigV4 credential scope names the s3 service. "Amazon S3 API Reference: REST error responses".
/// </summary>
public sealed partial class FakeAwsServer
{
    private static readonly string[] Subresources = ["versioning", "encryption", "publicAccessBlock", "policy", "lifecycle"];

    public FakeS3 S3 { get; }

    private static bool IsS3(HttpRequest request) =>
        request.Headers.Authorization.ToString().Contains("/s3/aws4_request", StringComparison.Ordinal);

    private async Task HandleS3Async(HttpContext context, byte[] body, string requestId)
    {
        var request = context.Request;
        var path = request.Path.Value?.TrimStart('/') ?? "";
        var slash = path.IndexOf('/', StringComparison.Ordinal);
        var bucket = slash < 0 ? path : path[..slash];
        var key = slash < 0 ? "" : Uri.UnescapeDataString(path[(slash + 1)..]);
        var subresource = Subresources.FirstOrDefault(s => request.Query.ContainsKey(s));
        var operation = S3Operation(request.Method, key, subresource);
        string? region = null, errorCode = null;
        var status = 200;
        XElement? answer = null;
        byte[]? content = null;
        try
        {
            region = SigV4Verifier.Verify(request, body, "s3", Options, jsonProtocol: false, DateTime.UtcNow).Region;
            S3PayloadCheck.Verify(request, body);
            CheckInjectedFailures(json: false);
            var owner = request.Headers["x-amz-expected-bucket-owner"].FirstOrDefault();
            lock (Gate)
            {
                if (operation != "CreateBucket")
                {
                    S3.CheckRegion(bucket, region);
                }

                (answer, content) = DispatchS3(context.Response, operation, bucket, key, owner, region, body);
            }
        }
        catch (FakeAwsException error)
        {
            status = error.Status;
            errorCode = error.Code;
            answer = new XElement("Error",
                new XElement("Code", error.Code), new XElement("Message", error.Message),
                bucket.Length > 0 ? new XElement("BucketName", bucket) : null, new XElement("RequestId", requestId));
        }

        lock (Gate)
        {
            _requests.Add(new RecordedRequest("s3", operation, new Dictionary<string, string> { ["Bucket"] = bucket, ["Key"] = key }, null, region, errorCode));
        }

        context.Response.StatusCode = status;
        context.Response.Headers["x-amz-request-id"] = requestId;
        if (HttpMethods.IsHead(request.Method))
        {
            return;
        }

        if (content is not null)
        {
            await context.Response.Body.WriteAsync(content, context.RequestAborted);
        }
        else if (answer is not null)
        {
            context.Response.ContentType = "application/xml";
            await context.Response.WriteAsync(new XDocument(new XDeclaration("1.0", "UTF-8", null), answer).ToString(), context.RequestAborted);
        }
    }

    private static string S3Operation(string method, string key, string? subresource) => (method, key.Length > 0, subresource) switch
    {
        ("HEAD", false, null) => "HeadBucket",
        ("PUT", false, null) => "CreateBucket",
        ("PUT", false, "versioning") => "PutBucketVersioning",
        ("PUT", false, "encryption") => "PutBucketEncryption",
        ("PUT", false, "publicAccessBlock") => "PutPublicAccessBlock",
        ("PUT", false, "policy") => "PutBucketPolicy",
        ("PUT", false, "lifecycle") => "PutBucketLifecycleConfiguration",
        ("PUT", true, null) => "PutObject",
        ("GET", true, null) => "GetObject",
        ("HEAD", true, null) => "HeadObject",
        _ => $"{method} {(key.Length > 0 ? "object" : "bucket")}{(subresource is null ? "" : "?" + subresource)}",
    };

    private (XElement? Answer, byte[]? Content) DispatchS3(HttpResponse response, string operation, string bucket, string key, string? owner, string region, byte[] body)
    {
        switch (operation)
        {
            case "HeadBucket":
                S3.HeadBucket(bucket, owner);
                response.Headers["x-amz-bucket-region"] = S3.Bucket(bucket)!.Region;
                return (null, null);
            case "CreateBucket":
                S3.CreateBucket(bucket, region, body.Length == 0 ? null : Value(S3Xml.Parse(body), "LocationConstraint"));
                response.Headers.Location = "/" + bucket;
                return (null, null);
            case "PutBucketVersioning":
                S3.PutVersioning(bucket, owner, Value(S3Xml.Parse(body), "Status") ?? "");
                return (null, null);
            case "PutBucketEncryption":
                var rule = S3Xml.Parse(body);
                S3.PutEncryption(bucket, owner, Value(rule, "SSEAlgorithm") ?? "", Value(rule, "BucketKeyEnabled") == "true");
                return (null, null);
            case "PutPublicAccessBlock":
                var block = S3Xml.Parse(body);
                S3.PutPublicAccessBlock(bucket, owner, new FakePublicAccessBlock(
                    Value(block, "BlockPublicAcls") == "true", Value(block, "IgnorePublicAcls") == "true",
                    Value(block, "BlockPublicPolicy") == "true", Value(block, "RestrictPublicBuckets") == "true"));
                return (null, null);
            case "PutBucketPolicy":
                S3.PutPolicy(bucket, owner, System.Text.Encoding.UTF8.GetString(body));
                response.StatusCode = 204;
                return (null, null);
            case "PutBucketLifecycleConfiguration":
                S3.PutLifecycle(bucket, owner, S3Xml.LifecycleRules(S3Xml.Parse(body)));
                return (null, null);
            case "PutObject":
                var stored = S3.PutObject(bucket, owner, key, body);
                ObjectHeaders(response, stored);
                return (null, null);
            case "GetObject" or "HeadObject":
                var found = S3.GetObject(bucket, owner, key);
                ObjectHeaders(response, found);
                response.ContentLength = found.Body.Length;
                return (null, operation == "GetObject" ? found.Body : null);
            default:
                throw new FakeAwsException("NotImplemented", $"A header you provided implies functionality that is not implemented ({operation} is not simulated).", 501);
        }
    }

    private static void ObjectHeaders(HttpResponse response, FakeObjectVersion version)
    {
        response.Headers.ETag = $"\"{version.ETag}\"";
        if (version.VersionId is not null)
        {
            response.Headers["x-amz-version-id"] = version.VersionId;
        }
    }

    private static string? Value(XElement root, string name) => root.Descendants().FirstOrDefault(e => e.Name.LocalName == name)?.Value;
}
