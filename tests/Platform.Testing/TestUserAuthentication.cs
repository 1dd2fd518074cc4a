using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Platform.Testing;

/// <summary>
/// Signs a request in as the user named in the <see cref="Header"/> header, so feature tests can run without tokens.
/// Test-only: the services register no sign-in scheme of their own until JWT validation lands (issue 4), so in a
/// deployed service every protected endpoint answers 401.
/// </summary>
public static class TestUserAuthentication
{
    public const string SchemeName = "TestUser";
    public const string Header = "X-Test-User";

    /// <summary>A client whose requests are signed in as <paramref name="user"/>.</summary>
    public static HttpClient CreateClientFor<TProgram>(this WebApplicationFactory<TProgram> app, Guid user)
        where TProgram : class
    {
        ArgumentNullException.ThrowIfNull(app);
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Add(Header, user.ToString());
        return client;
    }

    public static IServiceCollection AddTestUserAuthentication(this IServiceCollection services)
    {
        services.AddAuthentication(SchemeName).AddScheme<AuthenticationSchemeOptions, Handler>(SchemeName, _ => { });
        return services;
    }

    private sealed class Handler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        protected override Task<AuthenticateResult> HandleAuthenticateAsync()
        {
            var user = Request.Headers[Header].ToString();
            if (string.IsNullOrEmpty(user))
            {
                return Task.FromResult(AuthenticateResult.NoResult());
            }

            var identity = new ClaimsIdentity([new Claim("sub", user)], SchemeName);
            return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
        }
    }
}
