using Npgsql;
using Platform.ServiceDefaults.Outbox;
using Platform.ServiceDefaults.Paging;

namespace Platform.BillingService.Invoices;

/// <summary>Invoice rows; every change that emits an event writes it to the outbox in the same transaction.</summary>
internal sealed class InvoiceStore(IOutbox outbox, TimeProvider clock)
{
    public const string InvoiceCreated = "invoice.created";
    public const string InvoicePaid = "invoice.paid";

    private const string Columns = "id, amount_minor, currency, description, status, created_at, paid_at";

    /// <summary>
    /// The invoice as it will be stored: id and creation time are made here (time to the microsecond PostgreSQL keeps),
    /// so the response body is known before the one batch that writes invoice, event and idempotency record.
    /// </summary>
    public InvoiceDto New(CreateInvoiceRequest request)
    {
        var now = clock.GetUtcNow();
        var createdAt = now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMicrosecond));
        return new InvoiceDto(Guid.CreateVersion7(now), request.AmountMinor!.Value, request.Currency!, request.Description!, "open", createdAt, null);
    }

    /// <summary>The invoice row and its invoice.created event, for the caller's batch.</summary>
    public IEnumerable<NpgsqlBatchCommand> CreateCommands(Guid userId, InvoiceDto invoice)
    {
        var insert = new NpgsqlBatchCommand(
            "INSERT INTO billing.invoices (id, user_id, amount_minor, currency, description, created_at) VALUES ($1, $2, $3, $4, $5, $6)");
        insert.Parameters.Add(new NpgsqlParameter { Value = invoice.Id });
        insert.Parameters.Add(new NpgsqlParameter { Value = userId });
        insert.Parameters.Add(new NpgsqlParameter { Value = invoice.AmountMinor });
        insert.Parameters.Add(new NpgsqlParameter { Value = invoice.Currency });
        insert.Parameters.Add(new NpgsqlParameter { Value = invoice.Description });
        insert.Parameters.Add(new NpgsqlParameter { Value = invoice.CreatedAt });
        return outbox.EnqueueCommands(InvoiceCreated, new InvoiceEventData(invoice.Id, userId, invoice.AmountMinor, invoice.Currency)).Prepend(insert);
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
