namespace Platform.Template.Tests;

public class EncryptionTests
{
    static CfnTemplate Template => PlatformTemplate.Instance;

    static bool IsPlatformKey(object? value) => Cfn.ReferencedResource(value) == "PlatformKey";

    [Fact]
    public void KeyRotatesAndLetsOnlyThisAccountsLogGroupsUseIt()
    {
        var key = Template.OfType("AWS::KMS::Key").Should().ContainSingle().Subject;
        var logs = key.Properties.At("KeyPolicy", "Statement").AsList().Select(s => s.AsMap())
            .Single(s => s.At("Principal", "Service", "Fn::Sub") is string service && service.StartsWith("logs.", StringComparison.Ordinal));

        key.LogicalId.Should().Be("PlatformKey");
        key.Properties.At("EnableKeyRotation").Should().Be("true");
        logs.At("Condition", "ArnLike", "kms:EncryptionContext:aws:logs:arn", "Fn::Sub").AsString()
            .Should().Be("arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:*");
    }

    [Fact]
    public void DatabaseStorageAndMasterSecretAreEncryptedWithTheKey()
    {
        var database = Template.OfType("AWS::RDS::DBInstance").Should().ContainSingle().Subject.Properties;

        database.At("StorageEncrypted").Should().Be("true");
        IsPlatformKey(database.At("KmsKeyId")).Should().BeTrue();
        IsPlatformKey(database.At("MasterUserSecret", "KmsKeyId")).Should().BeTrue();
    }

    [Fact]
    public void BothQueuesAreEncryptedWithTheKey()
    {
        Template.OfType("AWS::SQS::Queue").Should().HaveCount(2).And.OnlyContain(q => IsPlatformKey(q.Properties.At("KmsMasterKeyId")));
    }

    [Fact]
    public void EveryLogGroupIsEncryptedAndExpires()
    {
        Template.OfType("AWS::Logs::LogGroup").Should().NotBeEmpty().And.OnlyContain(l => IsPlatformKey(l.Properties.At("KmsKeyId"))
            && l.Properties.ContainsKey("RetentionInDays"));
    }

    [Fact]
    public void SecretsTopicAndRepositoriesAreEncrypted()
    {
        Template.OfType("AWS::SecretsManager::Secret").Should().NotBeEmpty().And.OnlyContain(s => IsPlatformKey(s.Properties.At("KmsKeyId")));
        Template.OfType("AWS::SNS::Topic").Should().NotBeEmpty().And.OnlyContain(t => IsPlatformKey(t.Properties.At("KmsMasterKeyId")));
        Template.OfType("AWS::ECR::Repository").Select(r => r.Properties.At("EncryptionConfiguration", "EncryptionType")).Should().OnlyContain(t => Equals(t, "AES256") || Equals(t, "KMS"));
    }
}
