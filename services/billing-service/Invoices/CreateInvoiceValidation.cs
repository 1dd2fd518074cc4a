using Platform.ServiceDefaults.Text;

namespace Platform.BillingService.Invoices;

internal static class CreateInvoiceValidation
{
    public const int MaxDescriptionLength = 200;
    public const int MaxIdempotencyKeyLength = 255;

    public static Dictionary<string, string[]> Validate(CreateInvoiceRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        if (request.AmountMinor is not { } amount)
        {
            errors["amountMinor"] = ["amountMinor is required"];
        }
        else if (amount <= 0)
        {
            errors["amountMinor"] = ["amountMinor must be greater than 0"];
        }

        if (string.IsNullOrEmpty(request.Currency))
        {
            errors["currency"] = ["currency is required"];
        }
        else if (!Currencies.IsKnown(request.Currency))
        {
            errors["currency"] = ["currency must be an upper-case ISO 4217 code such as EUR"];
        }

        if (string.IsNullOrWhiteSpace(request.Description))
        {
            errors["description"] = ["description is required"];
        }
        else if (TextRules.Check("description", request.Description, TextKind.Display) is { } problem)
        {
            errors["description"] = [problem];
        }
        else if (TextRules.Length(request.Description) > MaxDescriptionLength)
        {
            errors["description"] = [$"description must be at most {MaxDescriptionLength} characters"];
        }

        return errors;
    }
}
