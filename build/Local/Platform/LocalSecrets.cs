using System.Security.Cryptography;

namespace Platform.Build.Local.Platform;

/// <summary>
/// The secrets of one local platform, generated on Up and handed to containers through the docker client's environment,
/// never on a command line or the console: the database password and auth's RSA signing key (PEM, PKCS#8).
/// </summary>
internal sealed class LocalSecrets
{
    private LocalSecrets(string databasePassword, string jwtPrivateKeyPem)
    {
        DatabasePassword = databasePassword;
        JwtPrivateKeyPem = jwtPrivateKeyPem;
    }

    public string DatabasePassword { get; }

    public string JwtPrivateKeyPem { get; }

    public static LocalSecrets Generate()
    {
        using var rsa = RSA.Create(2048);
        return new LocalSecrets(Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant(), rsa.ExportPkcs8PrivateKeyPem());
    }

    public override string ToString() => "LocalSecrets(***)";
}
