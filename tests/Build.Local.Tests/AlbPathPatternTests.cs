using AwesomeAssertions;
using Platform.LocalGateway;

namespace Platform.Build.Local.Tests;

public class AlbPathPatternTests
{
    [Theory]
    [InlineData("/auth", "/auth", true)]
    [InlineData("/auth/*", "/auth/login", true)]
    [InlineData("/auth/*", "/auth/", true)]
    [InlineData("/auth/*", "/auth/.well-known/jwks.json", true)]
    [InlineData("/auth/*", "/authx", false)]
    [InlineData("/auth", "/auth/", false)]
    [InlineData("/auth", "/Auth", false)]
    [InlineData("/auth*", "/authorize", true)]
    [InlineData("/a?c", "/abc", true)]
    [InlineData("/a?c", "/ac", false)]
    [InlineData("*", "/anything/at/all", true)]
    [InlineData("/users/*/x", "/users/1/2/x", true)]
    public void MatchesAsTheAlbPathCondition(string pattern, string path, bool expected)
    {
        AlbPathPattern.IsMatch(pattern, path).Should().Be(expected);
    }
}
