using Platform.Build.Deploy;

namespace BuildTests.Deploy;

/// <summary>
/// The key a first deploy stores, made once per test run: an RSA-3072 key takes up to a second of CPU to make, and almost
/// every deploy test starts with a first deploy. What is stored, redacted and printed is still a real key of the real size.
/// </summary>
static class OneSigningKey
{
    static readonly Lazy<string> Pem = new(SigningKeyBootstrap.NewKeyPem);

    public static string Make() => Pem.Value;
}
