namespace Platform.Build.Local;

/// <summary>A failed step with a message fit for the console as it is: what failed and the evidence, no stack trace.</summary>
public class PlatformException : Exception
{
    public PlatformException(string message) : base(message) { }

    public PlatformException(string message, Exception inner) : base(message, inner) { }

    public PlatformException() { }
}
