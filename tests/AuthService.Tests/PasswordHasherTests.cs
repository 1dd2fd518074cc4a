using AwesomeAssertions;
using Microsoft.Extensions.Options;
using Platform.AuthService.Passwords;

namespace Platform.AuthService.Tests;

public sealed class PasswordHasherTests : IDisposable
{
    private readonly PasswordHasher _hasher = new(Options.Create(new PasswordHasherOptions()));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Hash_is_an_argon2id_phc_string_with_the_asvs_parameters_and_a_fresh_salt()
    {
        var first = await _hasher.HashAsync("correct horse battery staple", Ct);
        var second = await _hasher.HashAsync("correct horse battery staple", Ct);

        first.Should().StartWith("$argon2id$v=19$m=19456,t=2,p=1$");
        first.Split('$').Should().HaveCount(6);
        Convert.FromBase64String(first.Split('$')[4] + "==").Should().HaveCount(16);
        Convert.FromBase64String(first.Split('$')[5] + "=").Should().HaveCount(32);
        second.Should().NotBe(first, "each hash has its own random salt");
    }

    [Fact]
    public async Task Verify_accepts_the_password_and_rejects_any_other()
    {
        var hash = await _hasher.HashAsync("Pässwörd with ünïcödé", Ct);

        (await _hasher.VerifyAsync("Pässwörd with ünïcödé", hash, Ct)).Should().BeTrue();
        (await _hasher.VerifyAsync("Pässwörd with ünïcödè", hash, Ct)).Should().BeFalse();
        (await _hasher.VerifyAsync("", hash, Ct)).Should().BeFalse();
    }

    [Fact]
    public async Task Verify_reads_the_cost_from_the_stored_string()
    {
        // A hash made under other parameters (as after raising the cost) still verifies.
        using var cheaper = new PasswordHasher(Options.Create(new PasswordHasherOptions { Parameters = new Argon2idParameters(8192, 1, 1) }));
        var hash = await cheaper.HashAsync("old account password", Ct);

        hash.Should().StartWith("$argon2id$v=19$m=8192,t=1,p=1$");
        (await _hasher.VerifyAsync("old account password", hash, Ct)).Should().BeTrue();
        (await _hasher.VerifyAsync("old account password", hash.Replace("t=1", "t=2", StringComparison.Ordinal), Ct)).Should().BeFalse();
    }

    [Fact]
    public async Task Only_hashes_with_other_parameters_need_a_rehash()
    {
        _hasher.NeedsRehash(await _hasher.HashAsync("password", Ct)).Should().BeFalse();
        _hasher.NeedsRehash("$argon2id$v=19$m=65536,t=3,p=4$MIIRqgvgQbgj220jfp0MPA$YfwJSVjtjSU0zzV/P3S9nnQ/USre2wvJMjfCIjrTQbg").Should().BeTrue();
        _hasher.NeedsRehash("not a hash").Should().BeTrue();
    }

    [Fact]
    public async Task Verify_agrees_with_the_reference_implementation()
    {
        // Published by argon2-cffi (libargon2, the reference C implementation) in its README.
        const string reference = "$argon2id$v=19$m=65536,t=3,p=4$MIIRqgvgQbgj220jfp0MPA$YfwJSVjtjSU0zzV/P3S9nnQ/USre2wvJMjfCIjrTQbg";

        (await _hasher.VerifyAsync("correct horse battery staple", reference, Ct)).Should().BeTrue();
        (await _hasher.VerifyAsync("Tr0ub4dor&3", reference, Ct)).Should().BeFalse();
    }

    [Theory]
    [InlineData("")]
    [InlineData("plaintext-password")]
    [InlineData("$argon2i$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g")]
    [InlineData("$argon2id$v=16$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g")]
    [InlineData("$argon2id$v=19$m=99999999,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g")]
    [InlineData("$argon2id$v=19$m=19456,t=2$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g")]
    [InlineData("$argon2id$v=19$m=19456,t=2,p=1$not base64!$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g")]
    [InlineData("$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$")]
    public async Task Verify_of_a_malformed_or_foreign_hash_is_false_not_an_exception(string stored)
    {
        (await _hasher.VerifyAsync("any password", stored, Ct)).Should().BeFalse();
    }

    [Fact]
    public async Task Dummy_hash_is_valid_and_matches_no_likely_password()
    {
        _hasher.DummyHash.Should().StartWith("$argon2id$v=19$m=19456,t=2,p=1$");
        (await _hasher.VerifyAsync("", _hasher.DummyHash, Ct)).Should().BeFalse();
        (await _hasher.VerifyAsync("password", _hasher.DummyHash, Ct)).Should().BeFalse();
    }

    [Fact]
    public async Task Concurrent_hashes_are_bounded_and_all_complete()
    {
        using var one = new PasswordHasher(Options.Create(new PasswordHasherOptions { MaxConcurrentHashes = 1, Parameters = new Argon2idParameters(1024, 1, 1) }));

        var hashes = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() => one.HashAsync($"password {i}", Ct), Ct)));

        hashes.Should().OnlyHaveUniqueItems();
        for (var i = 0; i < hashes.Length; i++)
        {
            (await one.VerifyAsync($"password {i}", hashes[i], Ct)).Should().BeTrue();
        }
    }

    [Fact]
    public async Task Hash_past_the_waiting_line_is_refused_at_once_and_the_line_still_completes()
    {
        // Given one slot, busy, and one caller waiting for it
        using var one = new PasswordHasher(Options.Create(new PasswordHasherOptions
        {
            MaxConcurrentHashes = 1,
            MaxWaitingHashes = 1,
            Parameters = new Argon2idParameters(65536, 6, 1),
        }));
        var running = Task.Run(() => one.HashAsync("first", Ct), Ct);
        var waiting = Task.Run(() => one.HashAsync("second", Ct), Ct);
        while (one.Waiting == 0 && !waiting.IsCompleted)
        {
            await Task.Delay(5, Ct);
        }

        // When a third asks, Then it is refused without waiting
        (waiting.IsCompleted && running.IsCompleted).Should().BeFalse("the line must be full when the third arrives");
        var third = one.HashAsync("third", Ct);
        third.IsCompleted.Should().BeTrue("a full line refuses synchronously, it does not queue");
        await FluentActions.Awaiting(() => third).Should().ThrowAsync<HashingBusyException>();
        await FluentActions.Awaiting(() => one.VerifyAsync("third", one.DummyHash, Ct)).Should().ThrowAsync<HashingBusyException>();

        (await running).Should().StartWith("$argon2id$");
        (await waiting).Should().StartWith("$argon2id$");
        (await one.HashAsync("after the burst", Ct)).Should().StartWith("$argon2id$");
    }

    [Fact]
    public void Parallelism_other_than_one_is_refused_at_start_as_libsodium_hashes_with_one_lane() =>
        FluentActions.Invoking(() => new PasswordHasher(Options.Create(new PasswordHasherOptions { Parameters = new Argon2idParameters(8192, 1, 2) })))
            .Should().Throw<ArgumentOutOfRangeException>();

    public void Dispose() => _hasher.Dispose();
}
