using System.Globalization;
using Amazon.CertificateManager;
using Amazon.CertificateManager.Model;
using Amazon.Runtime;
using BuildCore;

namespace Platform.Build.Deploy;

/// <summary>
/// The load balancer's certificate, as ACM sees it: ISSUED (a PENDING_VALIDATION or EXPIRED one fails the listener's create
/// deep into a stack operation) and not expiring within <see cref="MinimumValidity"/>.
/// </summary>
public sealed class CertificateCheck(IAmazonCertificateManager acm, TimeProvider time)
{
    public static readonly TimeSpan MinimumValidity = TimeSpan.FromDays(14);

    public async Task CheckAsync(string certificateArn, CancellationToken cancellationToken)
    {
        CertificateDetail certificate;
        try
        {
            certificate = (await acm.DescribeCertificateAsync(new DescribeCertificateRequest { CertificateArn = certificateArn }, cancellationToken)).Certificate
                ?? throw new BuildException($"--acm-certificate-arn {certificateArn}: ACM answered DescribeCertificate without the certificate.");
        }
        catch (AmazonServiceException e) when (e.ErrorCode == "ResourceNotFoundException")
        {
            throw new BuildException($"--acm-certificate-arn {certificateArn}: ACM has no such certificate in this account and region ({e.Message}).", e);
        }

        if (certificate.Status != "ISSUED")
        {
            throw new BuildException($"--acm-certificate-arn {certificateArn}: ACM says it is {certificate.Status}, not ISSUED" +
                (certificate.Status == "PENDING_VALIDATION" ? " (finish its DNS or e-mail validation first)." : " (request or import a valid certificate)."));
        }

        if (certificate.NotAfter is { } notAfter && notAfter - time.GetUtcNow().UtcDateTime < MinimumValidity)
        {
            var days = (int)Math.Floor((notAfter - time.GetUtcNow().UtcDateTime).TotalDays);
            throw new BuildException(string.Create(CultureInfo.InvariantCulture,
                $"--acm-certificate-arn {certificateArn}: it expires on {notAfter:yyyy-MM-dd} (in {Math.Max(days, 0)} days; the deploy wants at least {MinimumValidity.TotalDays:0}): renew it or pass a newer one."));
        }
    }
}
