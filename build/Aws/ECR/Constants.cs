using Amazon.Runtime;

namespace Amazon.ECR;

// The SDK's string-valued enums for the fields we read.

public sealed class TagStatus : ConstantClass
{
    public static readonly TagStatus TAGGED = new("TAGGED");
    public static readonly TagStatus UNTAGGED = new("UNTAGGED");
    public static readonly TagStatus ANY = new("ANY");

    public TagStatus(string value)
        : base(value)
    {
    }

    public static TagStatus FindValue(string value) => FindValue<TagStatus>(value);

    public static implicit operator TagStatus(string value) => FindValue(value);
}
