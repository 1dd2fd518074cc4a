using System.Net;
using System.Text;
using System.Text.Json;
using Amazon.S3;
using Amazon.S3.Model;

namespace Platform.Build.Deploy;

/// <summary>
/// Keeps a stack's <see cref="DeployHistory"/> in the template bucket, under deploy-history/&lt;stack&gt;.json: the build
/// already has that bucket and an S3 client, and a fresh CI runner finds it there (docs/design/deploy-timings.md). Reading or
/// writing it never fails a deploy: without it, estimates fall back to typical durations, and the line says so.
/// </summary>
public sealed class DeployHistoryStore(IAmazonS3 s3, TextWriter log)
{
    public const string KeyPrefix = "deploy-history/";

    public static string KeyFor(string stackName) => $"{KeyPrefix}{stackName}.json";

    public async Task<DeployHistory> LoadAsync(string bucket, string stackName, string accountId, CancellationToken cancellationToken)
    {
        var key = KeyFor(stackName);
        try
        {
            using var response = await s3.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = key, ExpectedBucketOwner = accountId }, cancellationToken);
            var history = await JsonSerializer.DeserializeAsync<DeployHistory>(response.ResponseStream, cancellationToken: cancellationToken) ?? new DeployHistory();
            log.WriteLine($"Deploy history of {stackName}: s3://{bucket}/{key} ({history.Operations.Sum(o => o.Value.Count)} earlier durations); estimates use it.");
            return history;
        }
        // Without s3:ListBucket S3 answers a missing key with 403, not 404.
        catch (AmazonS3Exception e) when (e.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden)
        {
            log.WriteLine($"No deploy history of {stackName} in s3://{bucket}/{key} yet ({e.ErrorCode ?? e.StatusCode.ToString()}): estimates use typical durations per resource type.");
        }
        catch (JsonException e)
        {
            log.WriteLine($"The deploy history s3://{bucket}/{key} is not readable JSON ({e.Message}): estimates use typical durations; this deploy writes it anew.");
        }
        return new DeployHistory();
    }

    public async Task SaveAsync(string bucket, string stackName, string accountId, DeployHistory history, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(history);
        var key = KeyFor(stackName);
        var bytes = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(history));
        try
        {
            await s3.PutObjectAsync(TemplateUploader.PutRequest(bucket, key, bytes, "application/json", accountId), cancellationToken);
        }
        catch (AmazonS3Exception e)
        {
            log.WriteLine($"The deploy history could not be saved to s3://{bucket}/{key} ({e.ErrorCode ?? e.StatusCode.ToString()}): the next deploy estimates from typical durations.");
        }
    }
}
