using System.Net;
using System.Net.Http.Headers;
using Amazon.Runtime;

namespace Platform.Build.Aws;

/// <summary>One service's connection: endpoint, region, credentials, signing and retries. Protocol classes build bodies and read answers.</summary>
internal sealed class AwsTransport(
    AwsServiceDefinition service, Uri endpoint, string region, Func<CancellationToken, Task<ImmutableCredentials>> credentials,
    HttpClient http, AwsRetryPolicy retry, Action<AwsRetryEvent>? onRetry, TimeProvider time)
{
    public AwsServiceDefinition Service => service;

    public Uri Endpoint => endpoint;

    public string Region => region;

    /// <summary>Sends until a success, a non-retryable error or the last attempt; returns the success.</summary>
    public async Task<AwsAnswer> SendAsync(
        string operation, byte[] body, string contentType, string? target,
        Func<HttpStatusCode, string, HttpResponseHeaders, AwsServiceError> readError, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var creds = await credentials(cancellationToken);
            using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
            if (target is not null)
            {
                request.Headers.TryAddWithoutValidation("X-Amz-Target", target);
            }

            AwsSigV4.Sign(request, body, creds, region, service.SigningName, time.GetUtcNow().UtcDateTime);

            AwsServiceError error;
            string? transportFailure = null;
            try
            {
                using var response = await http.SendAsync(request, cancellationToken);
                var text = await response.Content.ReadAsStringAsync(cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    var requestId = response.Headers.TryGetValues("x-amzn-RequestId", out var ids) ? ids.FirstOrDefault() : null;
                    return new AwsAnswer(text, requestId, response.StatusCode, response.Content.Headers.ContentLength ?? text.Length);
                }

                error = readError(response.StatusCode, text, response.Headers);
                if (!AwsRetryPolicy.IsRetryable(error) || attempt >= retry.MaxAttempts)
                {
                    throw error;
                }
            }
            catch (Exception ex) when (IsTransportFailure(ex, cancellationToken))
            {
                // Connection resets, DNS hiccups and timeouts are worth another try, like the SDKs do.
                if (attempt >= retry.MaxAttempts)
                {
                    throw new AmazonClientException(
                        $"{service.DisplayName} {operation}: could not reach {endpoint} after {attempt} attempt(s): {ex.Message}", ex);
                }

                transportFailure = ex is TaskCanceledException ? "Timeout" : "RequestFailed";
                error = new AwsServiceError(service.DisplayName, transportFailure, ex.Message, HttpStatusCode.ServiceUnavailable, null);
            }

            var delay = retry.DelayAfter(attempt);
            onRetry?.Invoke(new AwsRetryEvent(service.DisplayName, operation, attempt, retry.MaxAttempts, transportFailure ?? error.ErrorCode, delay));
            await Task.Delay(delay, time, cancellationToken);
        }
    }

    // HttpClient reports its own timeout as a TaskCanceledException while the caller's token is still live.
    private static bool IsTransportFailure(Exception ex, CancellationToken cancellationToken) =>
        !cancellationToken.IsCancellationRequested && ex is HttpRequestException or TaskCanceledException;
}

/// <summary>A successful answer: its body and the metadata the SDK's responses carry.</summary>
internal sealed record AwsAnswer(string Body, string? RequestId, HttpStatusCode StatusCode, long ContentLength)
{
    public T Stamp<T>(T response)
        where T : AmazonWebServiceResponse
    {
        response.ResponseMetadata = new ResponseMetadata { RequestId = RequestId };
        response.HttpStatusCode = StatusCode;
        response.ContentLength = ContentLength;
        return response;
    }
}
