namespace Platform.ServiceDefaults;

/// <summary>A start-up failure an operator fixes outside the code: reported as one line, without a stack trace.</summary>
public sealed class StartupException : Exception
{
    public StartupException()
    {
    }

    public StartupException(string message)
        : base(message)
    {
    }

    public StartupException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
