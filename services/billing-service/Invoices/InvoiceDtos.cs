namespace Platform.BillingService.Invoices;

/// <summary>Nullable fields so a missing one is a named validation error rather than a silent default.</summary>
public sealed record CreateInvoiceRequest(long? AmountMinor, string? Currency, string? Description);

public sealed record InvoiceDto(Guid Id, long AmountMinor, string Currency, string Description, string Status, DateTimeOffset CreatedAt, DateTimeOffset? PaidAt);

/// <summary>The event data of invoice.created / invoice.paid.</summary>
public sealed record InvoiceEventData(Guid InvoiceId, Guid UserId, long AmountMinor, string Currency);
