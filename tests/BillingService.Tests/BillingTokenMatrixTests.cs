using Platform.Testing;
using Platform.Testing.Tokens;

namespace Platform.BillingService.Tests;

public sealed class BillingTokenMatrixTests(PlatformContainers containers, SharedHosts<ServiceFactory<Program>> services)
    : TokenMatrixTests<Program>(containers, services)
{
    private const string AnyInvoice = "/billing/invoices/7d4f8c9e-0b1a-4c2d-9e8f-112233445566";

    protected override IReadOnlyList<ProtectedEndpoint> Endpoints { get; } =
    [
        new("POST", "/billing/invoices", """{"amountMinor":1250,"currency":"EUR","description":"token matrix"}"""),
        new("GET", "/billing/invoices"),
        new("GET", AnyInvoice),
        new("POST", AnyInvoice + "/pay"),
    ];
}
