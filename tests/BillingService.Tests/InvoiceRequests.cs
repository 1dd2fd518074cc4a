using System.Net.Http.Json;

namespace Platform.BillingService.Tests;

/// <summary>POST /billing/invoices with an Idempotency-Key, as the fault and load tests send it.</summary>
internal static class InvoiceRequests
{
    public static HttpRequestMessage Create(string key, long amountMinor = 100, string description = "fault test")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/billing/invoices")
        {
            Content = JsonContent.Create(new { amountMinor, currency = "EUR", description }),
        };
        request.Headers.Add("Idempotency-Key", key);
        return request;
    }
}
