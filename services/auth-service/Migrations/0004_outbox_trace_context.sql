-- The W3C trace context of the request that wrote the event (traceparent, tracestate), so its trace carries on
-- through the publisher and the consumer (docs/design/tracing.md). Null when the request was not traced.
ALTER TABLE auth.outbox ADD COLUMN trace_parent text, ADD COLUMN trace_state text;
