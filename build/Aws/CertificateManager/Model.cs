using System.Text.Json.Serialization;
using Amazon.Runtime;

namespace Amazon.CertificateManager.Model;

// Shapes as in AWSSDK.CertificateManager, only the members our build reads or sends. ACM's JSON members are PascalCase
// ("CertificateArn"), like Secrets Manager's: pinned here because the shared JSON 1.1 protocol writes camelCase.

public class DescribeCertificateRequest : AmazonWebServiceRequest
{
    [JsonPropertyName("CertificateArn")]
    public string? CertificateArn { get; set; }
}

public class DescribeCertificateResponse : AmazonWebServiceResponse
{
    [JsonPropertyName("Certificate")]
    public CertificateDetail? Certificate { get; set; }
}

public class CertificateDetail
{
    [JsonPropertyName("CertificateArn")]
    public string? CertificateArn { get; set; }

    [JsonPropertyName("DomainName")]
    public string? DomainName { get; set; }

    /// <summary>ISSUED, PENDING_VALIDATION, INACTIVE, EXPIRED, VALIDATION_TIMED_OUT, REVOKED or FAILED.</summary>
    [JsonPropertyName("Status")]
    public string? Status { get; set; }

    [JsonPropertyName("NotAfter")]
    public DateTime? NotAfter { get; set; }
}
