using System.Runtime.CompilerServices;
using Amazon.Runtime;

namespace Platform.Build.Aws;

/// <summary>Follows NextToken until the service stops returning one; the engine behind every paginator, as AWSSDK.Core's IPaginator.</summary>
internal sealed class TokenPaginator<TResponse>(
    string? firstToken, Func<string?, CancellationToken, Task<TResponse>> fetch, Func<TResponse, string?> nextToken) : IPaginator<TResponse>
{
    private int _started;

    public async IAsyncEnumerable<TResponse> PaginateAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        // Like the SDK's paginators: one enumeration per paginator, so a half-read page stream is never silently restarted.
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            throw new InvalidOperationException("This paginator has already been enumerated; create a new one.");
        }

        var token = firstToken;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        do
        {
            var page = await fetch(token, cancellationToken);
            yield return page;
            token = nextToken(page);
            if (token is not null && !seen.Add(token))
            {
                throw new InvalidOperationException($"The service returned the same NextToken twice ({token}); stopping instead of looping.");
            }
        }
        while (!string.IsNullOrEmpty(token));
    }
}
