using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Npgsql;
using Platform.ServiceDefaults.Authentication;
using Platform.ServiceDefaults.Database;
using Platform.ServiceDefaults.Paging;

namespace Platform.BillingService.Invoices;

public static class InvoicesApi
{
    private const string IdempotencyKeyHeader = "Idempotency-Key";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>An invoice is three short fields: 16 KiB is generous and bounds what reaches the JSON reader.</summary>
    public const int MaxCreateBodyBytes = 16 * 1024;

    public static IEndpointRouteBuilder MapInvoicesApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/billing/invoices").WithTags("Invoices").RequireAuthorization();
        group.MapPost("/", CreateAsync).WithMetadata(new RequestSizeLimitAttribute(MaxCreateBodyBytes));
        group.MapGet("/", ListAsync);
        group.MapGet("/{id:guid}", GetAsync);
        group.MapPost("/{id:guid}/pay", PayAsync);
        return routes;
    }

    internal static async Task<IResult> CreateAsync(
        HttpContext context,
        [FromHeader(Name = IdempotencyKeyHeader)] string? idempotencyKey,
        [FromBody] CreateInvoiceRequest request,
        NpgsqlDataSource dataSource,
        InvoiceStore invoices,
        CancellationToken cancellationToken)
    {
        if (context.User.UserId() is not { } userId)
        {
            return Unauthorized();
        }

        if (string.IsNullOrEmpty(idempotencyKey) || idempotencyKey.Length > CreateInvoiceValidation.MaxIdempotencyKeyLength)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status400BadRequest,
                title: "Idempotency-Key header required",
                detail: $"Send an {IdempotencyKeyHeader} header of 1 to {CreateInvoiceValidation.MaxIdempotencyKeyLength} characters.");
        }

        var errors = CreateInvoiceValidation.Validate(request);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var requestHash = RequestHash(request);
        var outcome = await dataSource.InTransactionAsync(
            async (connection, transaction, ct) =>
            {
                var claim = await IdempotencyStore.ClaimAsync(transaction, userId, idempotencyKey, requestHash, ct);
                if (claim is not IdempotencyClaim.Acquired acquired)
                {
                    return (Claim: claim, Body: (string?)null, Id: Guid.Empty);
                }

                var invoice = invoices.New(request);
                var json = JsonSerializer.Serialize(invoice, Json);
                await using var batch = new NpgsqlBatch(connection, transaction);
                foreach (var command in invoices.CreateCommands(userId, invoice)
                    .Concat(IdempotencyStore.CompleteCommands(acquired, userId, idempotencyKey, requestHash, StatusCodes.Status201Created, json)))
                {
                    batch.BatchCommands.Add(command);
                }

                await batch.ExecuteNonQueryAsync(ct);
                return (Claim: claim, Body: json, Id: invoice.Id);
            },
            cancellationToken);

        switch (outcome.Claim)
        {
            case IdempotencyClaim.Replay replay:
                context.Response.Headers["Idempotent-Replayed"] = "true";
                return Results.Text(replay.Body, "application/json", Encoding.UTF8, replay.Status);
            case IdempotencyClaim.Mismatch:
                return TypedResults.Problem(
                    statusCode: StatusCodes.Status422UnprocessableEntity,
                    title: "Idempotency-Key reused with a different request",
                    detail: "This key was first used with a different body; use a new key for a new request.");
            case IdempotencyClaim.InFlight:
                // The holder may be a request that already answered 503 and whose cancel has not reached PostgreSQL yet:
                // that usually takes milliseconds and at worst the server's statement_timeout, so retry in a second.
                context.Response.Headers.RetryAfter = "1";
                return TypedResults.Problem(
                    statusCode: StatusCodes.Status409Conflict,
                    title: "A request with this Idempotency-Key is still in progress",
                    detail: "Retry later.");
        }

        context.Response.Headers.Location = $"/billing/invoices/{outcome.Id}";
        return Results.Text(outcome.Body, "application/json", Encoding.UTF8, StatusCodes.Status201Created);
    }

    /// <summary>A page of the user's invoices, newest first (<see cref="PageRequest"/>: ?limit= and ?cursor=, Link to the next).</summary>
    internal static async Task<IResult> ListAsync(HttpContext context, NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        if (context.User.UserId() is not { } userId)
        {
            return Unauthorized();
        }

        if (PageRequest.Parse(context.Request.Query, userId, out var errors) is not { } page)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var rows = await InvoiceStore.ListAsync(dataSource, userId, page, cancellationToken);
        return TypedResults.Ok(page.Serve(context, userId, rows, invoice => new PageCursor(invoice.CreatedAt, invoice.Id)));
    }

    internal static async Task<IResult> GetAsync(Guid id, HttpContext context, NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        if (context.User.UserId() is not { } userId)
        {
            return Unauthorized();
        }

        return await InvoiceStore.GetAsync(dataSource, userId, id, cancellationToken) is { } invoice
            ? TypedResults.Ok(invoice)
            : NotFound();
    }

    internal static async Task<IResult> PayAsync(Guid id, HttpContext context, NpgsqlDataSource dataSource, InvoiceStore invoices, CancellationToken cancellationToken)
    {
        if (context.User.UserId() is not { } userId)
        {
            return Unauthorized();
        }

        var invoice = await dataSource.InTransactionAsync((_, transaction, ct) => invoices.PayAsync(transaction, userId, id, ct), cancellationToken);
        return invoice switch
        {
            null => NotFound(),
            { Status: "paid" } => TypedResults.Ok(invoice),
            // Only open and paid exist today; any future state that forbids paying (e.g. void) lands here.
            _ => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: $"An invoice in state '{invoice.Status}' cannot be paid"),
        };
    }

    /// <summary>SHA-256 of the canonical (validated, field-ordered) request: key order and whitespace do not matter.</summary>
    internal static string RequestHash(CreateInvoiceRequest request) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(request, Json))));

    private static ProblemHttpResult Unauthorized() =>
        TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Sign in required", detail: "Send a valid bearer token.");

    private static ProblemHttpResult NotFound() =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Invoice not found");
}
