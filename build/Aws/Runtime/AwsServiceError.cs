using System.Net;
using Amazon.Runtime;

namespace Platform.Build.Aws;

/// <summary>
/// An error answered by an AWS service, with the code, message, HTTP status and request id it carried.
/// Derives from the SDK's <see cref="AmazonServiceException"/> so code catching that keeps working after a swap to the real packages.
/// </summary>
public sealed class AwsServiceError : AmazonServiceException
{
    public AwsServiceError(string service, string errorCode, string errorMessage, HttpStatusCode statusCode, string? requestId, ErrorType errorType = ErrorType.Unknown)
        : base(Describe(service, errorCode, errorMessage), errorType, errorCode, requestId ?? "", statusCode)
    {
        Service = service;
        ErrorMessage = errorMessage;
    }

    public AwsServiceError()
    {
        Service = "";
        ErrorMessage = "";
    }

    public AwsServiceError(string message) : base(message)
    {
        Service = "";
        ErrorMessage = message;
    }

    public AwsServiceError(string message, Exception innerException) : base(message, innerException)
    {
        Service = "";
        ErrorMessage = message;
    }

    /// <summary>The service that answered, as people say it: "CloudFormation", "ECS", "ECR".</summary>
    public string Service { get; }

    /// <summary>The service's own message, without the service and code prefix of <see cref="Exception.Message"/>.</summary>
    public string ErrorMessage { get; }

    /// <summary>True for the throttling codes and statuses AWS documents as retryable.</summary>
    public bool IsThrottling => AwsRetryPolicy.IsThrottlingCode(ErrorCode) || StatusCode == HttpStatusCode.TooManyRequests;

    private static string Describe(string service, string code, string message) =>
        string.IsNullOrEmpty(message) ? $"{service} {code}" : $"{service} {code}: {message}";
}
