namespace Platform.FakeAws;

/// <summary>One request as the fake understood it, for assertions on what a client sent.</summary>
/// <param name="Service">cloudformation, ecs, ecr or sts; null when it could not be routed.</param>
/// <param name="Operation">The Action or the X-Amz-Target operation.</param>
/// <param name="Parameters">Query protocol: the decoded form (e.g. Parameters.member.1.ParameterKey). JSON: empty.</param>
/// <param name="Json">JSON 1.1: the request body. Query: null.</param>
/// <param name="Region">The region of the signature's credential scope; null when unsigned.</param>
/// <param name="ErrorCode">The error the fake answered, or null on success.</param>
public sealed record RecordedRequest(
    string? Service, string? Operation, IReadOnlyDictionary<string, string> Parameters, string? Json, string? Region, string? ErrorCode);
