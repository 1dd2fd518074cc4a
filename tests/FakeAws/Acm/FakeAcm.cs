using System.Text.Json.Nodes;

namespace Platform.FakeAws;

/// <summary>
/// ACM over JSON 1.1 (target prefix CertificateManager, PascalCase members): DescribeCertificate for certificates a test adds.
/// A certificate belongs to one region; asking another region's endpoint for it answers ResourceNotFoundException, as ACM does.
/// https://docs.aws.amazon.com/acm/latest/APIReference/API_DescribeCertificate.html
/// </summary>
public sealed class FakeAcm
{
    private readonly FakeAwsOptions _options;
    private readonly Lock _gate;
    private readonly Dictionary<string, (string Status, DateTime NotAfter, string Domain)> _certificates = new(StringComparer.Ordinal);

    internal FakeAcm(FakeAwsOptions options, Lock gate)
    {
        _options = options;
        _gate = gate;
    }

    /// <summary>Adds a certificate; status is ACM's (ISSUED, PENDING_VALIDATION, EXPIRED, REVOKED, …).</summary>
    public void AddCertificate(string arn, string status = "ISSUED", DateTime? notAfter = null, string domain = "platform.example.com")
    {
        lock (_gate)
        {
            _certificates[arn] = (status, notAfter ?? DateTime.UtcNow.AddDays(365), domain);
        }
    }

    internal JsonObject Handle(string operation, JsonObject body) => operation switch
    {
        "DescribeCertificate" => DescribeCertificate(body),
        _ => throw new FakeAwsException("UnknownOperationException", $"Unknown operation {operation}"),
    };

    private JsonObject DescribeCertificate(JsonObject body)
    {
        var arn = body.Str("CertificateArn")
            ?? throw new FakeAwsException("ValidationException", "1 validation error detected: Value null at 'certificateArn' failed to satisfy constraint: Member must not be null");
        if (!arn.StartsWith($"arn:aws:acm:{_options.Region}:", StringComparison.Ordinal) || !_certificates.TryGetValue(arn, out var certificate))
        {
            throw new FakeAwsException("ResourceNotFoundException", $"Could not find certificate {arn}.");
        }

        return new JsonObject
        {
            ["Certificate"] = new JsonObject
            {
                ["CertificateArn"] = arn,
                ["DomainName"] = certificate.Domain,
                ["Status"] = certificate.Status,
                ["Type"] = "AMAZON_ISSUED",
                ["NotAfter"] = JsonWire.Epoch(certificate.NotAfter),
                ["InUseBy"] = new JsonArray(),
            },
        };
    }
}
