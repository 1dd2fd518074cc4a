namespace Platform.FakeAws;

/// <summary>The identity the fake accepts and reports. Clients must sign with exactly this key pair.</summary>
public sealed class FakeAwsOptions
{
    public const string DefaultAccessKey = "AKIAFAKEAWS000000001";
    public const string DefaultSecretKey = "fake/aws/secret/key/for/tests/only/0000000";

    public string AccessKey { get; init; } = DefaultAccessKey;

    public string SecretKey { get; init; } = DefaultSecretKey;

    public string AccountId { get; init; } = "123456789012";

    /// <summary>The region used in the ARNs the fake makes up.</summary>
    public string Region { get; init; } = "eu-west-1";
}
