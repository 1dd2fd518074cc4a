namespace Platform.ServiceDefaults.Outbox;

/// <summary>What goes on the events queue: the consumer deduplicates on <see cref="Id"/>.</summary>
public sealed record EventEnvelope<TData>(string Type, Guid Id, DateTimeOffset OccurredAt, TData Data);
