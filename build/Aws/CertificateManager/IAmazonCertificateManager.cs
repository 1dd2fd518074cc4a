using Amazon.CertificateManager.Model;

namespace Amazon.CertificateManager;

/// <summary>The subset of AWSSDK.CertificateManager's IAmazonCertificateManager our build calls, with the same signatures.</summary>
public interface IAmazonCertificateManager : IDisposable
{
    Task<DescribeCertificateResponse> DescribeCertificateAsync(DescribeCertificateRequest request, CancellationToken cancellationToken = default);
}
