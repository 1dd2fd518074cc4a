using Microsoft.Extensions.DependencyInjection.Extensions;
using Platform.ServiceDefaults.Outbox;

namespace Platform.BillingService.Invoices;

public static class InvoicesExtensions
{
    public static WebApplicationBuilder AddInvoices(this WebApplicationBuilder builder)
    {
        builder.AddOutbox();
        builder.Services.AddSingleton<InvoiceStore>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        return builder;
    }
}
