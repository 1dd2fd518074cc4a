using Amazon.CertificateManager;
using Amazon.CertificateManager.Model;

namespace Platform.Build.Aws;

/// <summary>ACM over JSON 1.1 (target prefix CertificateManager, signing name acm); AWSSDK.CertificateManager is not in our package source.</summary>
internal sealed class CertificateManagerClient(AwsTransport transport) : IAmazonCertificateManager
{
    private readonly JsonProtocol _json = new(transport, "CertificateManager");

    public Task<DescribeCertificateResponse> DescribeCertificateAsync(DescribeCertificateRequest request, CancellationToken cancellationToken = default) =>
        _json.CallAsync<DescribeCertificateRequest, DescribeCertificateResponse>("DescribeCertificate", request, cancellationToken);

    public void Dispose()
    {
        // The HttpClient is shared and owned by the factory.
    }
}
