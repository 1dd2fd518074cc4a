namespace Platform.FakeAws;

/// <summary>An error the fake answers in the protocol's own shape. Codes and messages follow what AWS sends.</summary>
public sealed class FakeAwsException : Exception
{
    public FakeAwsException(string code, string message, int status = 400, bool senderFault = true)
        : base(message)
    {
        Code = code;
        Status = status;
        SenderFault = senderFault;
    }

    public FakeAwsException()
        : this("InternalFailure", "Internal failure", 500, false)
    {
    }

    public FakeAwsException(string message)
        : this("ValidationError", message)
    {
    }

    public FakeAwsException(string message, Exception innerException)
        : base(message, innerException)
    {
        Code = "InternalFailure";
        Status = 500;
    }

    public string Code { get; }

    public int Status { get; }

    public bool SenderFault { get; }

    internal static FakeAwsException Validation(string message) => new("ValidationError", message);
}
