using Npgsql;
using Platform.ServiceDefaults.Outbox;
using Platform.ServiceDefaults.Paging;

namespace Platform.BillingService.Invoices;

/// <summary>Invoice rows; every change that emits an event writes it to the outbox in the same transaction.</summary>
internal sealed class InvoiceStore(IOutbox outbox)
{
    public const string InvoiceCreated = "invoice.created";
    public const string InvoicePaid = "invoice.paid";

    private const string Columns = "id, amount_minor, currency, description, status, created_at, paid_at";

    public async Task<InvoiceDto> CreateAsync(NpgsqlTransaction transaction, Guid userId, CreateInvoiceRequest request, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"INSERT INTO billing.invoices (user_id, amount_minor, currency, description) VALUES ($1, $2, $3, $4) RETURNING {Columns}",
            transaction.Connection,
            transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = userId });
        command.Parameters.Add(new NpgsqlParameter { Value = request.AmountMinor!.Value });
        command.Parameters.Add(new NpgsqlParameter { Value = request.Currency! });
        command.Parameters.Add(new NpgsqlParameter { Value = request.Description! });
        var invoice = await ReadOneAsync(command, cancellationToken) ?? throw new InvalidOperationException("INSERT returned no row");
        await outbox.EnqueueAsync(transaction, InvoiceCreated, new InvoiceEventData(invoice.Id, userId, invoice.AmountMinor, invoice.Currency), cancellationToken);
        return invoice;
    }

    /// <summary>Newest first, one row more than the page so the caller knows whether another page follows.</summary>
    public static async Task<IReadOnlyList<InvoiceDto>> ListAsync(NpgsqlDataSource dataSource, Guid userId, PageRequest page, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"SELECT {Columns} FROM billing.invoices WHERE user_id = $1 AND ($2::timestamptz IS NULL OR (created_at, id) < ($2, $3)) " +
            "ORDER BY created_at DESC, id DESC LIMIT $4");
        command.Parameters.Add(new NpgsqlParameter { Value = userId });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset?> { TypedValue = page.After?.CreatedAt });
        command.Parameters.Add(new NpgsqlParameter<Guid?> { TypedValue = page.After?.Id });
        command.Parameters.Add(new NpgsqlParameter { Value = page.Limit + 1 });
        var invoices = new List<InvoiceDto>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            invoices.Add(Map(reader));
        }

        return invoices;
    }

    /// <summary>Another user's invoice reads as missing: its existence is not revealed.</summary>
    public static async Task<InvoiceDto?> GetAsync(NpgsqlDataSource dataSource, Guid userId, Guid id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM billing.invoices WHERE id = $1 AND user_id = $2");
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        command.Parameters.Add(new NpgsqlParameter { Value = userId });
        return await ReadOneAsync(command, cancellationToken);
    }

    /// <summary>open → paid with the event; an already paid invoice is returned unchanged (no second event).</summary>
    public async Task<InvoiceDto?> PayAsync(NpgsqlTransaction transaction, Guid userId, Guid id, CancellationToken cancellationToken)
    {
        await using var pay = new NpgsqlCommand(
            $"UPDATE billing.invoices SET status = 'paid', paid_at = now() WHERE id = $1 AND user_id = $2 AND status = 'open' RETURNING {Columns}",
            transaction.Connection,
            transaction);
        pay.Parameters.Add(new NpgsqlParameter { Value = id });
        pay.Parameters.Add(new NpgsqlParameter { Value = userId });
        if (await ReadOneAsync(pay, cancellationToken) is { } paid)
        {
            await outbox.EnqueueAsync(transaction, InvoicePaid, new InvoiceEventData(paid.Id, userId, paid.AmountMinor, paid.Currency), cancellationToken);
            return paid;
        }

        await using var current = new NpgsqlCommand(
            $"SELECT {Columns} FROM billing.invoices WHERE id = $1 AND user_id = $2", transaction.Connection, transaction);
        current.Parameters.Add(new NpgsqlParameter { Value = id });
        current.Parameters.Add(new NpgsqlParameter { Value = userId });
        return await ReadOneAsync(current, cancellationToken);
    }

    private static async Task<InvoiceDto?> ReadOneAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Map(reader) : null;
    }

    private static InvoiceDto Map(NpgsqlDataReader reader) => new(
        reader.GetGuid(0),
        reader.GetInt64(1),
        reader.GetString(2),
        reader.GetString(3),
        reader.GetString(4),
        reader.GetFieldValue<DateTimeOffset>(5),
        reader.IsDBNull(6) ? null : reader.GetFieldValue<DateTimeOffset>(6));
}
