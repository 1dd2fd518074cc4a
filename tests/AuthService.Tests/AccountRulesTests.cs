using System.Net;
using AwesomeAssertions;
using Microsoft.AspNetCore.Http;
using Platform.AuthService.Accounts;
using Platform.AuthService.Throttling;

namespace Platform.AuthService.Tests;

public sealed class AccountRulesTests
{
    [Theory]
    [InlineData("  Alice@Example.COM ", "alice@example.com")]
    [InlineData("ÉLODIE@exemple.fr", "élodie@exemple.fr")]
    [InlineData("E\u0301lodie@exemple.fr", "élodie@exemple.fr")] // decomposed é: NFC makes it the same account
    public void Emails_are_trimmed_nfc_normalised_and_lower_cased(string input, string expected) =>
        CredentialRules.NormalizeEmail(input).Should().Be(expected);

    [Theory]
    [InlineData("a@b", true)]
    [InlineData("first.last+tag@sub.example.co.uk", true)]
    [InlineData("@example.com", false)]
    [InlineData("a@", false)]
    [InlineData("a@@example.com", false)]
    [InlineData("a@.example.com", false)]
    [InlineData("a@example.com.", false)]
    [InlineData("a\tb@example.com", false)]
    public void Email_shape(string email, bool plausible) => CredentialRules.IsPlausibleEmail(email).Should().Be(plausible);

    [Fact]
    public void Password_length_counts_code_points_not_utf16_units()
    {
        // Eight emoji are 16 UTF-16 units but 8 characters: allowed. 129 of them are too many.
        var eight = string.Concat(Enumerable.Repeat("😀", 8));
        AccountValidation.ValidateRegistration(new RegisterRequest("a@example.com", eight), out _, out _).Should().BeEmpty();
        var tooMany = string.Concat(Enumerable.Repeat("😀", 129));
        AccountValidation.ValidateRegistration(new RegisterRequest("a@example.com", tooMany), out _, out _).Should().ContainKey("password");
        AccountValidation.ValidateRegistration(new RegisterRequest("a@example.com", new string('x', 128)), out _, out _).Should().BeEmpty();
    }

    [Fact]
    public void Password_policy_has_no_composition_rules_and_allows_spaces()
    {
        AccountValidation.ValidateRegistration(new RegisterRequest("a@example.com", "all lower case words"), out var email, out var password).Should().BeEmpty();
        email.Should().Be("a@example.com");
        password.Should().Be("all lower case words", "spaces are kept, not trimmed");
    }

    [Theory]
    [InlineData(new[] { "198.51.100.1, 203.0.113.7" }, "10.1.1.1", "203.0.113.7")]
    [InlineData(new[] { "1.1.1.1", "198.51.100.1,203.0.113.9" }, "10.1.1.1", "203.0.113.9")]
    [InlineData(new[] { "not-an-address" }, "10.1.1.1", "10.1.1.1")]
    [InlineData(new string[0], "10.1.1.1", "10.1.1.1")]
    [InlineData(new[] { "2001:db8:1:2:3:4:5:6" }, "10.1.1.1", "2001:db8:1:2::/64")]
    [InlineData(new string[0], "::ffff:192.0.2.5", "192.0.2.5")]
    public void Client_address_is_the_last_forwarded_entry_else_the_connection(string[] forwardedFor, string remote, string expected)
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Parse(remote);
        if (forwardedFor.Length > 0)
        {
            context.Request.Headers["X-Forwarded-For"] = forwardedFor;
        }

        ClientAddress.Of(context).Should().Be(expected);
    }
}
