using System.Net;
using AwesomeAssertions;
using Testcontainers.PostgreSql;

namespace Platform.Testing;

/// <summary>One request sent while PostgreSQL is frozen (docker pause), and what a fast, honest refusal looks like.</summary>
public static class DatabaseStall
{
    /// <summary>The bound: the 3 s deadline plus a little.</summary>
    public static readonly TimeSpan AnswerBound = TimeSpan.FromSeconds(4);

    /// <summary>The service on the dedicated PostgreSQL (its default database) with a queue of its own.</summary>
    public static async Task<ServiceFactory<TProgram>> StartServiceAsync<TProgram>(PlatformContainers containers, PostgreSqlContainer postgres, CancellationToken cancellationToken)
        where TProgram : class
    {
        ArgumentNullException.ThrowIfNull(containers);
        ArgumentNullException.ThrowIfNull(postgres);
        var queueUrl = await containers.CreateQueueAsync("stall", cancellationToken);
        return new ServiceFactory<TProgram>(ServiceSettings.For(postgres.GetConnectionString(), containers.SqsEndpoint, queueUrl));
    }

    public static async Task<TimedResponse> SendWhilePausedAsync(PostgreSqlContainer postgres, HttpClient client, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(postgres);
        await ContainerFreeze.PauseAsync(postgres, cancellationToken);
        try
        {
            return await TimedResponse.SendAsync(client, request, cancellationToken);
        }
        finally
        {
            await postgres.UnpauseAsync(cancellationToken);
        }
    }

    /// <summary>503, a problem document, Retry-After: 1, within <see cref="AnswerBound"/>.</summary>
    public static void ShouldBeFastServiceUnavailable(this TimedResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable, response.ToString());
        response.MediaType.Should().Be("application/problem+json");
        response.RetryAfter?.Delta.Should().Be(TimeSpan.FromSeconds(1));
        response.Elapsed.Should().BeLessThan(AnswerBound);
    }
}
